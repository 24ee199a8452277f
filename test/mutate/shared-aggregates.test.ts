import { describe, expect, it } from 'vitest';
import { sharedAggregates } from '../../src/mutate/shared-aggregates.js';

const MIN = 60_000;

describe('sharedAggregates', () => {
  it('stores only the sites at least two distinct expressions of an interval contain, once each', () => {
    const rules = [
      { expr: 'sum(increase(x[5m])) > 1 or sum(increase(y[1h] offset 1h)) > 2', intervalMs: MIN },
      { expr: 'sum(increase(x[5m])) > 3 or sum(increase(y[1h])) > 2', intervalMs: MIN },
      { expr: 'sum(increase(x[5m])) > 3 or sum(increase(y[1h])) > 2', intervalMs: MIN }, // the same expression again
      { expr: 'sum(increase(z[5m])) > 1', intervalMs: MIN },
      { expr: 'sum(increase(z[5m])) > 2', intervalMs: 2 * MIN },
    ];
    expect(sharedAggregates(rules).map((r) => [r.expr, r.intervalMs])).toEqual([
      ['sum(increase(x[5m]))', MIN],
      ['sum(increase(y[1h]))', MIN],
    ]);
    expect(new Set(sharedAggregates(rules).map((r) => r.record)).size).toBe(2);
  });
});
