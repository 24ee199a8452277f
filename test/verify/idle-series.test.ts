import { describe, expect, it } from 'vitest';
import { METRIC_LIST } from '../../src/metrics/catalogue.js';
import { SampleLog, type SampleColumn } from '../../src/metrics/sample-log.js';
import { withoutIdleSeries } from '../../src/verify/idle-series.js';

const M = 'lunar_interpretation_generated_total';
const SUM = `sum(increase(${M}[10m]))`;
const N = NaN;

function column(labels: Record<string, string>, values: number[], name = M): SampleColumn {
  return { family: 0, name, labels, values };
}

function logOf(columns: SampleColumn[]): SampleLog {
  return new SampleLog(METRIC_LIST, undefined, { times: columns[0].values.map((_, i) => i * 15_000), columns });
}

const names = (log: SampleLog): string[] => log.columns.map((c) => `${c.labels.source}/${c.labels.user_id ?? '-'}`);

describe('withoutIdleSeries', () => {
  it('leaves out a user series that never moves when a moving twin is scraped at the same instants', () => {
    const log = logOf([
      column({ source: 'claude', user_id: 'a' }, [0, 1, 1, 2]),
      column({ source: 'claude', user_id: 'b' }, [0, 0, 0, 0]),
      column({ source: 'hardcoded', user_id: 'a' }, [0, 0, 0, 0]),
      column({ source: 'hardcoded', user_id: 'b' }, [0, 0, 0, 0]),
    ]);
    const { log: kept, dropped } = withoutIdleSeries(log, [SUM]);
    // hardcoded has no moving series: one idle series stays, so that its sum (0) and absent() keep their presence.
    expect(names(kept)).toEqual(['claude/a', 'hardcoded/a']);
    expect(dropped).toBe(2);
  });

  it('keeps an idle series scraped at other instants than its twins (a pod that came later, a failed scrape)', () => {
    const log = logOf([
      column({ source: 'claude', user_id: 'a' }, [0, 1, 2, 3]),
      column({ source: 'claude', user_id: 'b' }, [N, 0, 0, 0]),
      column({ source: 'claude', user_id: 'c' }, [N, 0, 0, 0]),
      column({ source: 'claude', user_id: 'd' }, [0, 0, 0, 0]),
    ]);
    // b's presence differs from a's: b stays, and then c (same presence as b) can go; d has a's presence.
    expect(names(withoutIdleSeries(log, [SUM]).log)).toEqual(['claude/a', 'claude/b']);
  });

  it('keeps every series when an expression could tell an idle one from an absent one, or has no user label', () => {
    const log = logOf([column({ source: 'claude', user_id: 'a' }, [0, 1]), column({ source: 'claude', user_id: 'b' }, [0, 0]), column({ source: 'claude' }, [0, 0])]);
    expect(withoutIdleSeries(log, [SUM, `count(${M}) > 1`]).dropped).toBe(0);
    expect(names(withoutIdleSeries(log, [SUM]).log)).toEqual(['claude/a', 'claude/-']);
  });
});
