import { describe, expect, it } from 'vitest';
import { Exposition } from '../../src/metrics/exposition.js';
import { lintPromql } from '../../src/monitoring/lint-promql.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';

const text = (users: string): string => `name: users
summary: per-user label
seed: 3
duration: 6h
step: 1m
traffic: { rate: 60/min }
${users}`;

async function exposition(yaml: string): Promise<string> {
  return (await new Exposition(runVirtual(parseScenario(yaml, 'u.yaml')).recorder.store).render('prometheus')).body;
}

describe('the optional user_id label', () => {
  it('is absent by default', async () => {
    expect(await exposition(text(''))).not.toContain('user_id=');
  });

  it('labels every generation with a user of a bounded, skewed pool when a scenario asks for it', async () => {
    const body = await exposition(text('user_id_label: { users: 50, skew: 1 }\n'));
    const series = [...body.matchAll(/^lunar_interpretation_generated_total\{source="(\w+)",model="[^"]+",user_id="(user-\d+)"\} (\d+)$/gm)];
    // Every source × model × user exists from the start: 2 sources with one model, 2 with none → 4 × 50.
    expect(series).toHaveLength(200);
    const perUser = new Map<string, number>();
    for (const [, , user, n] of series) perUser.set(user, (perUser.get(user) ?? 0) + Number(n));
    const total = [...perUser.values()].reduce((a, b) => a + b, 0);
    // 60/min for 6 h: ~21,600 generations (Poisson σ ≈ 147).
    expect(Math.abs(total - 21_600)).toBeLessThan(750);
    // Zipf(1) over 50 users: the first user draws 1/H(50) ≈ 22.2 % (binomial σ ≈ 0.3 %), the last ≈ 0.44 %.
    expect(Math.abs(perUser.get('user-00')! / total - 0.222)).toBeLessThan(0.015);
    expect(perUser.get('user-49')! / total).toBeLessThan(0.01);
  });

  it('is a label the lint accepts on generated_total, and only there', () => {
    expect(lintPromql('topk(10, sum by (user_id) (increase(lunar_interpretation_generated_total[24h])))')).toEqual([]);
    expect(lintPromql('lunar_interpretation_cache_hit_total{user_id="x"}')).toHaveLength(1);
  });

  it('is bounded: more than 10,000 users is refused', () => {
    expect(() => parseScenario(text('user_id_label: { users: 20000 }\n'), 'u.yaml')).toThrow(/at most 10,000 users/);
  });
});
