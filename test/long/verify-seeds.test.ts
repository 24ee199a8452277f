/**
 * Long (test/long: `npm run test:long`, and CI): the whole scenario library under seeds 1..20, 920 verify runs.
 * A verdict that holds for one seed only was luck; `npm test` verifies the library under its own seeds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-verify-seeds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(available)('the scenario library under seeds 1..20', () => {
  it('holds every expectation for every seed: the margins are statistical, not the luck of one seed', () => {
    const json = path.join(work, 'seeds.json');
    const r = runCli(['verify', '--all', '--seeds', '1..20', '--json', json], { timeout: 1_200_000 });
    expect(r.stdout).toMatch(/every expectation holds for every seed/);
    expect(r.code).toBe(0);
    const sweep = JSON.parse(readFileSync(json, 'utf8')) as { seeds: number[]; expectations: { expected: string; runs: number; timeToDetect: unknown }[] };
    expect(sweep.seeds).toHaveLength(20);
    expect(sweep.expectations.every((e) => e.runs === 20)).toBe(true);
    // Every expected firing reports its time to detect over the 20 seeds.
    expect(sweep.expectations.filter((e) => ['fire', 'page', 'warn'].includes(e.expected)).every((e) => e.timeToDetect !== null)).toBe(true);
  }, 1_500_000);
});
