import { describe, expect, it } from 'vitest';
import { progressBar, progressLine } from '../../src/cli/progress-bar.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, write: (c: string) => (chunks.push(c), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
}

describe('push progress', () => {
  it('formats share, counts, rate and data time', () => {
    expect(progressLine(250, 1000, 2, Date.parse('2026-01-05T14:00:00Z'), true)).toBe(
      '[######------------------]  25%  250 / 1,000 samples  125 samples/s  data 2026-01-05T14:00Z',
    );
    expect(progressLine(0, 0, 0, NaN, false)).toBe('100%  0 / 0 samples');
  });

  it('writes a plain line at each tenth when stderr is not a terminal', () => {
    const { chunks, out } = sink(false);
    let now = 0;
    const bar = progressBar(1000, out, () => (now += 100));
    for (let done = 50; done <= 1000; done += 50) bar.update(done, NaN);
    bar.finish();
    expect(chunks).toHaveLength(10);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks[9]).toMatch(/^100%  1,000 \/ 1,000 samples/);
  });

  it('redraws in place on a terminal, at most every 100 ms, and always at the end', () => {
    const { chunks, out } = sink(true);
    let now = 0;
    const bar = progressBar(100, out, () => now);
    for (let done = 1; done <= 100; done++) {
      now += 10;
      bar.update(done, NaN);
    }
    bar.finish();
    const draws = chunks.filter((c) => c.startsWith('\r\x1b[2K['));
    expect(draws.length).toBeGreaterThanOrEqual(10);
    expect(draws.length).toBeLessThanOrEqual(11);
    expect(draws[draws.length - 1]).toContain('100%');
    expect(chunks[chunks.length - 1]).toBe('\n');
  });
});

describe('retries while pushing (issue 20): one line that updates, not a line per retry', () => {
  const notice = (retry: number, reason = 'network error: ECONNREFUSED') => ({ retry, delayMs: 100 * retry, reason });

  it('on a terminal, redraws one retry line in place, then the bar over it', () => {
    const { chunks, out } = sink(true);
    const bar = progressBar(100, out, () => 0);
    bar.update(10, NaN);
    for (let i = 1; i <= 16; i++) bar.retrying(notice(((i - 1) % 8) + 1), 8);
    const text = chunks.join('');
    expect(text).not.toContain('\n');
    expect(chunks.at(-1)).toBe('\r\x1b[2Klunar-sim: retry 8 of 8 in 0.8 s: network error: ECONNREFUSED (16 retries so far)');
    bar.update(20, NaN);
    expect(chunks.at(-1)).toMatch(/^\r\x1b\[2K\[#+-+\] {2}20%/);
    bar.finish();
  });

  it('elsewhere, prints a line when the reason changes, not for each retry', () => {
    const { chunks, out } = sink(false);
    const bar = progressBar(100, out, () => 0);
    for (let i = 1; i <= 16; i++) bar.retrying(notice(((i - 1) % 8) + 1), 8);
    bar.retrying(notice(1, 'HTTP 503 Service Unavailable'), 8);
    bar.retrying(notice(2, 'HTTP 503 Service Unavailable'), 8);
    expect(chunks).toEqual([
      'lunar-sim: retrying (up to 8 times a request): network error: ECONNREFUSED\n',
      'lunar-sim: retrying (up to 8 times a request): HTTP 503 Service Unavailable\n',
    ]);
  });
});
