import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { incidentStart, parseSeeds } from '../../src/verify/seed-sweep.js';

const M = 60_000;

describe('parseSeeds', () => {
  it('reads a range or a list, and refuses anything else in one line', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('7, 9,11')).toEqual([7, 9, 11]);
    expect(() => parseSeeds('1..x')).toThrow(/--seeds 1\.\.x: expected a range such as 1\.\.20/);
    expect(() => parseSeeds('1..5000')).toThrow(/5000 seeds, at most 1000/);
  });
});

describe('incidentStart', () => {
  const s = parseScenario(`name: b
summary: a burst, then back to normal before the alert's window
seed: 1
duration: 3h
traffic: { rate: 10/min }
phases:
  - { name: bot, at: 1h, traffic: { rate: 600/min } }
  - { name: bot-gone, at: 1h10m }
  - { name: outage, at: 2h, profile: { claude: { errors: { api_error: 1 } } } }
`, 'b.yaml');

  it('is the last phase that departs from the base, at or before the window opens', () => {
    expect(incidentStart(s, 75 * M)).toBe(60 * M);
    expect(incidentStart(s, 130 * M)).toBe(120 * M);
    expect(incidentStart(s, undefined)).toBe(0);
  });

  it('is the start of the warm-up when the alert fires before time 0: the base itself is the incident', () => {
    const w = parseScenario('name: w\nsummary: an incident from the start\nseed: 1\nwarmup: 6h\nduration: 1h\ntraffic: { rate: 10/min }\n', 'w.yaml');
    expect(incidentStart(w, undefined, -5 * 60 * M)).toBe(-6 * 60 * M);
    expect(incidentStart(w, undefined, 10 * M)).toBe(0);
    // A phase that began after the firing cannot be the incident it answers.
    expect(incidentStart(s, 75 * M, 30 * M)).toBe(0);
  });
});
