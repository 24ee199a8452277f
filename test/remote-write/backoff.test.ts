import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from '../../src/remote-write/backoff.js';

describe('remote-write backoff', () => {
  const policy = { minMs: 100, maxMs: 1000 };

  it('doubles from the minimum up to the cap, half fixed and half jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelay(policy, r, 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelay(policy, r, 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(policy, 2, 0.5)).toBe(300);
  });

  it('stays finite for absurd retry counts', () => {
    expect(backoffDelay(policy, 10_000, 0.5)).toBe(750);
  });

  it("honours a receiver's Retry-After when longer, never past the cap", () => {
    expect(backoffDelay(policy, 0, 0, 700)).toBe(700);
    expect(backoffDelay(policy, 0, 0, 60_000)).toBe(1000);
    expect(backoffDelay(policy, 3, 1, 10)).toBe(800);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-05T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 05 Jan 2026 00:00:02 GMT', now)).toBe(2000);
    expect(retryAfterMs('Sun, 04 Jan 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
