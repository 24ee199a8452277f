/**
 * The kiosk loop (`demo --loop`): incidents of the library laid one after another on the baseline, each after a
 * healthy stretch, drawn by a seed — the same seed the same loop, every phase in order, within a scenario's bounds.
 */
import { describe, expect, it } from 'vitest';
import { loopable, loopScenario } from '../../src/demo/loop-scenario.js';
import { LIMITS } from '../../src/limits.js';
import { loadScenario, scenarioNames } from '../../src/scenario/catalogue.js';

const base = loadScenario('baseline');
const library = scenarioNames().map((n) => loadScenario(n));
const MINUTE = 60_000;

describe('loopScenario', () => {
  it('draws only incidents that fit the base: they notify, share its traffic and profile, and need no fleet', () => {
    const fit = library.filter((s) => loopable(s, base)).map((s) => s.name);
    expect(fit).toContain('claude-outage');
    expect(fit).toContain('cache-collapse');
    // A fleet's replica phases, another traffic law, or nothing to notify: not laid on the baseline.
    expect(fit).not.toContain('fleet-replica-lost');
    expect(fit).not.toContain('claude-outage-guide');
    expect(fit).not.toContain('baseline');
  });

  it('is the same loop for the same seed, and another for another seed', () => {
    const a = loopScenario(base, library, 7);
    expect(JSON.stringify(loopScenario(base, library, 7))).toBe(JSON.stringify(a));
    expect(loopScenario(base, library, 8).incidents.map((i) => i.name)).not.toEqual(a.incidents.map((i) => i.name));
  });

  it('lays each incident after a healthy stretch of 45 to 90 minutes, its phases in order and shifted, then the base again', () => {
    const { scenario, incidents } = loopScenario(base, library, 3);
    expect(incidents.length).toBeGreaterThan(10);
    expect(scenario.expect).toBeNull();
    expect(scenario.duration).toBeLessThanOrEqual(LIMITS.scenarioDurationMs);
    expect(scenario.phases.length).toBeLessThanOrEqual(LIMITS.phases);
    const ats = scenario.phases.map((p) => p.at);
    expect([...ats].sort((x, y) => x - y)).toEqual(ats);
    expect(ats[ats.length - 1]).toBeLessThan(scenario.duration);
    let previousEnd = 0;
    for (const [k, i] of incidents.entries()) {
      expect(i.at - previousEnd).toBeGreaterThanOrEqual(45 * MINUTE);
      expect(i.at - previousEnd).toBeLessThan(90 * MINUTE);
      if (k > 0) expect(i.name).not.toBe(incidents[k - 1].name);
      const own = loadScenario(i.name);
      const laid = scenario.phases.filter((p) => p.name.startsWith(`${i.name}-`) && p.at >= i.at).slice(0, own.phases.length);
      expect(laid.map((p) => [p.name, p.at - i.at, p.profile])).toEqual(own.phases.map((p) => [`${i.name}-${p.name}`, p.at - own.phases[0].at, p.profile]));
      const back = scenario.phases.find((p) => p.name === `healthy-after-${i.name}` && p.at > i.at)!;
      expect(back.profile).toEqual(base.base);
      expect(back.traffic).toEqual(base.traffic);
      previousEnd = back.at;
    }
  });

  it('refuses a base no incident fits', () => {
    const fleet = loadScenario('healthy-fleet');
    expect(() => loopScenario(fleet, library, 1)).toThrow(/no incident of the library can be laid on healthy-fleet/);
  });
});
