import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';
import { Fleet, type Balancer, type FleetListener, type Pod, type ReplicaTransition } from '../../src/model/fleet.js';
import type { Generation } from '../../src/model/generation.js';
import { LIST_PRICES } from '../../src/model/pricing.js';
import { Simulation, type ScenarioTimeline } from '../../src/model/simulation.js';
import { DEFAULT_PROFILE } from '../../src/scenario/defaults.js';

const quiet: FleetListener = { podCreated() {}, podRestarted() {}, podLost() {} };

function fleet(replicas: number, balancer: Balancer, transitions: ReplicaTransition[] = [], listener = quiet): Fleet {
  return new Fleet({ replicas, balancer, transitions }, listener);
}

/** Routes n requests (each stays in flight) and counts them per slot. */
function spread(f: Fleet, n: number, seed = 1): number[] {
  const random = new RandomSource(seed).stream('balancer');
  const counts = new Array<number>(f.slots.length).fill(0);
  for (let i = 0; i < n; i++) {
    const pod = f.route(random)!;
    counts[pod.slot]++;
    pod.inFlight++;
  }
  return counts;
}

describe('the load balancer', () => {
  it('round-robin: each replica in turn, skipping drained ones', () => {
    const f = fleet(3, 'round-robin', [{ at: 0, slot: 1, change: 'drain' }]);
    expect(spread(f, 9)).toEqual([3, 3, 3]);
    f.applyNextTransition();
    expect(spread(f, 8)).toEqual([4, 0, 4]);
  });

  it('least-in-flight: the replica with the fewest requests in flight, ties shared in turn', () => {
    const f = fleet(3, 'least-in-flight');
    f.slots[0].inFlight = 5;
    // Replicas 1 and 2 catch up with replica 0 first, then all three share.
    expect(spread(f, 13)).toEqual([1, 6, 6]);
  });

  it('random: uniform over the replicas taking traffic, seeded', () => {
    const n = 50_000;
    const counts = spread(fleet(5, 'random'), n);
    // Each count is binomial(n, 1/5): σ = √(n·0.2·0.8) ≈ 89; 5σ bounds it for this fixed seed.
    for (const c of counts) expect(Math.abs(c - n / 5)).toBeLessThan(5 * Math.sqrt(n * 0.16));
    expect(spread(fleet(5, 'random'), 100, 7)).toEqual(spread(fleet(5, 'random'), 100, 7));
  });

  it('sends nothing to a crashed replica, and nothing at all when every replica is down', () => {
    const f = fleet(2, 'round-robin', [
      { at: 0, slot: 0, change: 'crash' },
      { at: 0, slot: 1, change: 'crash' },
    ]);
    f.applyNextTransition();
    expect(spread(f, 4)).toEqual([0, 4]);
    f.applyNextTransition();
    expect(f.route(new RandomSource(1).stream('b'))).toBeNull();
  });
});

describe('replica transitions', () => {
  it('a crash loses the work in flight; recovery and restart start the counters again; a rollout makes a new pod', () => {
    const events: string[] = [];
    const listener: FleetListener = {
      podCreated: (p: Pod) => events.push(`created ${p.id} slot ${p.slot} rev ${p.revision}`),
      podRestarted: (p: Pod) => events.push(`restarted ${p.id}`),
      podLost: (p: Pod) => events.push(`lost ${p.id}`),
    };
    const f = fleet(2, 'round-robin', [
      { at: 1, slot: 0, change: 'crash' },
      { at: 2, slot: 0, change: 'recover' },
      { at: 3, slot: 1, change: 'restart' },
      { at: 4, slot: 1, change: 'replace' },
    ], listener);
    f.slots[0].inFlight = 3;
    f.applyNextTransition();
    expect(f.slots[0]).toMatchObject({ down: true, inFlight: 0, epoch: 1 });
    f.applyNextTransition();
    f.applyNextTransition();
    const old = f.slots[1];
    f.applyNextTransition();
    expect(old.current).toBe(false);
    expect(f.slots[1]).toMatchObject({ id: 2, slot: 1, revision: 1, current: true });
    expect(events).toEqual(['created 0 slot 0 rev 0', 'created 1 slot 1 rev 0', 'lost 0', 'restarted 0', 'lost 1', 'restarted 1', 'created 2 slot 1 rev 1']);
    expect(f.nextTransitionTime()).toBe(Infinity);
  });
});

describe('a simulation with replicas', () => {
  const constant: ScenarioTimeline = { profileAt: () => DEFAULT_PROFILE, rateAt: () => 2, maxRateBetween: () => 2 };

  function run(transitions: ReplicaTransition[]): { done: Generation[]; sim: Simulation } {
    const done: Generation[] = [];
    const sim = new Simulation({
      timeline: constant,
      random: new RandomSource(3),
      prices: LIST_PRICES,
      sink: { started() {}, completed: (g) => done.push(g) },
      origin: 0,
      fleet: { replicas: 3, balancer: 'round-robin', transitions },
    });
    sim.advanceTo(600_000);
    return { done, sim };
  }

  it('spreads completions over the replicas and keeps generations of a crashed pod from completing', () => {
    const healthy = run([]);
    const perSlot = [0, 1, 2].map((s) => healthy.done.filter((g) => healthy.sim.fleet.pods[g.pod].slot === s).length);
    expect(Math.max(...perSlot) - Math.min(...perSlot)).toBeLessThanOrEqual(healthy.sim.activeCount + 1);

    const crashed = run([{ at: 300_000, slot: 2, change: 'crash' }]);
    const afterCrash = crashed.done.filter((g) => g.pod === 2 && g.endsAt > 300_000);
    expect(afterCrash).toEqual([]);
    // Until the crash, both runs made the same draws: the same generations completed on replica 2.
    const before = (r: typeof healthy): number => r.done.filter((g) => g.pod === 2 && g.endsAt <= 300_000).length;
    expect(before(crashed)).toBe(before(healthy));
    expect(crashed.sim.fleet.slots[2].inFlight).toBe(0);
  });

  it('answers an external request on a crashing pod at once, with null', () => {
    const sim = new Simulation({
      timeline: { profileAt: () => ({ ...DEFAULT_PROFILE, cache: { ...DEFAULT_PROFILE.cache, hit_ratio: 0 } }), rateAt: () => 0, maxRateBetween: () => 0 },
      random: new RandomSource(4),
      prices: LIST_PRICES,
      sink: { started() {}, completed() {} },
      origin: 0,
      selfDriven: false,
      fleet: { replicas: 1, balancer: 'round-robin', transitions: [{ at: 100, slot: 0, change: 'crash' }] },
    });
    const answers: (Generation | null)[] = [];
    expect(sim.submit((g) => answers.push(g))).not.toBeNull();
    sim.advanceTo(100);
    expect(answers).toEqual([null]);
    expect(sim.submit(() => {})).toBeNull();
  });
});
