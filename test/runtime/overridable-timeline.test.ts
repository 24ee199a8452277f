import { describe, expect, it } from 'vitest';
import { OverridableTimeline } from '../../src/runtime/overridable-timeline.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { Timeline } from '../../src/scenario/timeline.js';

const fleet = parseScenario(
  `name: o
summary: per-replica profiles under a live override
seed: 1
duration: 1h
traffic: { rate: 6/min }
fleet: { replicas: 2 }
phases:
  - { name: slow-one, at: 0s, replicas: [1], profile: { cache: { hit_ratio: 0.1 } } }
`,
  'o.yaml',
);

describe('OverridableTimeline', () => {
  it("keeps each replica's own profile, with the live override on top of each", () => {
    const t = new OverridableTimeline(new Timeline(fleet));
    const at = fleet.start + 60_000;
    expect(t.profileAt(at, 1).cache.hit_ratio).toBe(0.1);
    expect(t.profileAt(at, 0).cache.hit_ratio).toBe(0.7);
    t.override = { claude: { timeout: 5 } };
    expect(t.profileAt(at, 1)).toMatchObject({ cache: { hit_ratio: 0.1 }, claude: { timeout: 5 } });
    expect(t.profileAt(at, 0)).toMatchObject({ cache: { hit_ratio: 0.7 }, claude: { timeout: 5 } });
  });
});
