import { describe, expect, it } from 'vitest';
import { AGGREGATE_FROM_PER_MINUTE, simulationModeOf } from '../../src/runtime/simulation-mode.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { Timeline } from '../../src/scenario/timeline.js';

function scenario(rate: string, extra = ''): Parameters<typeof simulationModeOf>[0] {
  return parseScenario(`name: m\nsummary: mode\nseed: 1\nduration: 1h\ntraffic: { rate: ${rate} }\n${extra}`, 'm.yaml');
}

describe('the simulation mode', () => {
  it('is per generation under the threshold and aggregate from it, by the peak rate (a phase included)', () => {
    const below = scenario(`${AGGREGATE_FROM_PER_MINUTE - 1}/min`);
    expect(simulationModeOf(below, new Timeline(below))).toBe('per-generation');
    const peak = scenario('100/min', `phases:\n  - { name: spike, at: 30m, traffic: { rate: ${AGGREGATE_FROM_PER_MINUTE}/min } }\n`);
    expect(simulationModeOf(peak, new Timeline(peak))).toBe('aggregate');
  });

  it('follows the scenario, then the caller', () => {
    const pinned = scenario('10/min', 'simulation: aggregate\n');
    expect(simulationModeOf(pinned, new Timeline(pinned))).toBe('aggregate');
    expect(simulationModeOf(pinned, new Timeline(pinned), 'per-generation')).toBe('per-generation');
    expect(simulationModeOf(pinned, new Timeline(pinned), 'auto')).toBe('aggregate');
  });
});
