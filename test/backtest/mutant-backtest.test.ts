/** `backtest --mutants` is bounded like a backtest: refused before any query when its mutants need too many. */
import { describe, expect, it } from 'vitest';
import { boundedMutants, ruleMutants } from '../../src/backtest/mutant-backtest.js';
import { UsageError } from '../../src/errors.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { loadRuleFile } from '../../src/verify/rules.js';

const rules = loadRuleFile(RULES_FILE);
const DAY = 86_400_000;

describe('boundedMutants', () => {
  it("gives mutate's rule mutants for a window their queries fit in (a week: one query of 10,000 minutes each)", () => {
    expect(boundedMutants(rules, { fromMs: 0, toMs: 7 * DAY }).map((m) => m.id)).toEqual(ruleMutants(rules).map((m) => m.id));
  });

  it('refuses a window whose mutants need more range queries than a backtest may send, saying so in one line', () => {
    // 100 days at 1-minute evaluations: 15 queries per mutant, several hundred mutants: past the 5,000 limit.
    expect(() => boundedMutants(rules, { fromMs: 0, toMs: 100 * DAY })).toThrow(UsageError);
    expect(() => boundedMutants(rules, { fromMs: 0, toMs: 100 * DAY })).toThrow(/--mutants: \d+ mutants over this window take [\d,]+ range queries \(limit 5,000\): shorten --from\/--to/);
  });
});
