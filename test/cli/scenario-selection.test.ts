import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectedScenarios } from '../../src/cli/scenario-selection.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-selection-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_RULES = { alerts: [], groups: [] };

describe('selectedScenarios', () => {
  // 30 days at 100/s: 259 M generations, past the per-generation bound; hourly steps keep the samples small.
  const file = path.join(dir, 'busy.yaml');
  writeFileSync(file, 'name: busy\nsummary: x\nseed: 1\nduration: 30d\nstep: 1h\nsimulation: per-generation\ntraffic: { rate: 100/s }\n');
  const argv = { scenarios: [file], all: false, rules: 'unused.yml', alertmanager: 'unused.yml' };

  it('holds a run to its budget as the scenario asks to simulate it', () => {
    expect(() => selectedScenarios(argv, 'verify', NO_RULES)).toThrow(/259,200,000 generations/);
  });

  it('holds it to its budget as --simulation runs it: in aggregate there is no generation bound', () => {
    const [s] = selectedScenarios({ ...argv, simulation: 'aggregate' }, 'verify', NO_RULES);
    expect(s.simulation).toBe('aggregate');
  });
});
