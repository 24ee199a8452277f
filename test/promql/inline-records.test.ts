import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { inlineRecords, type InlinableRecord } from '../../src/promql/inline-records.js';
import { selectors } from '../../src/promql/selectors.js';
import { parsePromql } from '../../src/promql/syntax.js';
import { loadRuleFile } from '../../src/verify/rules.js';

const rec = (record: string, expr: string, labels: Record<string, string> = {}, intervalMs = 60_000): InlinableRecord => ({ record, expr, labels, intervalMs });

describe('inlineRecords', () => {
  it('replaces a record by its parenthesised expression, leaving other selectors alone', () => {
    expect(inlineRecords('a:ratio > 0.2 and on() up', [rec('a:ratio', 'x / y')])).toBe('(x / y) > 0.2 and on() up');
  });

  it('inlines records that read records, innermost first', () => {
    const records = [rec('a:sum', 'sum(x)'), rec('a:twice', '2 * a:sum')];
    expect(inlineRecords('a:twice > a:sum', records)).toBe('(2 * (sum(x))) > (sum(x))');
  });

  it('reads a range of a record as a subquery at the record group\'s interval, offset kept', () => {
    const records = [rec('a:count', 'count(up)', {}, 30_000)];
    expect(inlineRecords('a:count < max_over_time(a:count[1h] offset 5m)', records)).toBe('(count(up)) < max_over_time((count(up))[1h:30s] offset 5m)');
  });

  it("sets the rule's labels on the result, as the rule manager does", () => {
    expect(inlineRecords('a:r', [rec('a:r', 'sum(x)', { team: 'lunar' })])).toBe('label_replace((sum(x)), "team", "lunar", "", "")');
  });

  it('unites a record defined by several rules', () => {
    expect(inlineRecords('a:r', [rec('a:r', 'x'), rec('a:r', 'y')])).toBe('((x) or (y))');
  });

  it('refuses what it cannot inline exactly: matchers, offset or @ without a range, a cycle', () => {
    expect(() => inlineRecords('a:r{job="x"}', [rec('a:r', 'x')])).toThrow(UsageError);
    expect(() => inlineRecords('a:r offset 1h', [rec('a:r', 'x')])).toThrow(/offset or @/);
    expect(() => inlineRecords('a:r @ 100', [rec('a:r', 'x')])).toThrow(/offset or @/);
    expect(() => inlineRecords('a:r', [rec('a:r', 'b:r'), rec('b:r', 'a:r')])).toThrow(/reads itself/);
  });

  it('leaves no record in any shipped alert, and every result parses', () => {
    const rules = loadRuleFile(RULES_FILE);
    const names = new Set(rules.records.map((r) => r.record));
    expect(names.size).toBeGreaterThan(10);
    for (const alert of rules.alerts) {
      const out = inlineRecords(alert.expr, rules.records);
      expect(() => parsePromql(out)).not.toThrow();
      expect(selectors(out).filter((s) => s.name !== null && names.has(s.name))).toEqual([]);
    }
  });
});
