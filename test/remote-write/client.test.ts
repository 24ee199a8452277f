import { afterEach, describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';
import { RemoteWriteError } from '../../src/errors.js';
import { RemoteWriteClient, type RemoteWriteConfig } from '../../src/remote-write/client.js';
import { encodeLabels, encodeWriteRequest } from '../../src/remote-write/write-request.js';
import { startReceiver, type Answer, type Receiver } from '../support/receiver.js';

const body = encodeWriteRequest([
  { labels: encodeLabels({ __name__: 'lunar_interpretation_active_generations', job: 'lunar-sim' }), timestamps: [1000, 16_000], values: Float64Array.from([2, 3]) },
]);

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

/** A client whose sleeps are recorded, not waited: retries are checked by their delays, not by the clock. */
function client(url: string, overrides: Partial<RemoteWriteConfig> = {}, seed = 7) {
  const delays: number[] = [];
  const random = new RandomSource(seed).stream('jitter');
  const c = new RemoteWriteClient(
    { url, headers: { Authorization: 'Bearer t0k3n', 'X-Scope-OrgID': 'team-a' }, timeoutMs: 5000, retries: 3, backoff: { minMs: 100, maxMs: 10_000 }, ...overrides },
    { random: () => random.next(), sleep: async (ms) => void delays.push(ms), now: () => Date.parse('2026-01-05T00:00:00Z') },
  );
  return { c, delays };
}

async function serve(script: Answer[]): Promise<Receiver> {
  receiver = await startReceiver((_, i) => script[Math.min(i, script.length - 1)]);
  return receiver;
}

describe('remote-write client (real HTTP server)', () => {
  it('sends snappy-compressed protobuf with the remote-write headers, auth and custom headers', async () => {
    const r = await serve([{ status: 204 }]);
    const { c } = client(r.url);
    await c.send(body);
    expect(r.requests).toHaveLength(1);
    const h = r.requests[0].headers;
    expect(r.requests[0].method).toBe('POST');
    expect(h['content-encoding']).toBe('snappy');
    expect(h['content-type']).toBe('application/x-protobuf');
    expect(h['x-prometheus-remote-write-version']).toBe('0.1.0');
    expect(h.authorization).toBe('Bearer t0k3n');
    expect(h['x-scope-orgid']).toBe('team-a');
    expect(r.requests[0].series[0].samples).toEqual([{ value: 2, timestamp: 1000 }, { value: 3, timestamp: 16_000 }]);
    expect(c.stats.requests).toBe(1);
    expect(c.stats.retries).toBe(0);
    expect(c.stats.rawBytes).toBe(body.length);
    expect(c.stats.bytes).toBe(Number(h['content-length']));
  });

  it('retries 503 with growing, jittered, reproducible delays, then succeeds', async () => {
    const r = await serve([{ status: 503, body: 'busy' }, { status: 503 }, { status: 503 }, { status: 200 }]);
    const first = client(r.url);
    const notices: string[] = [];
    first.c.onRetry = (n) => notices.push(`${n.retry}: ${n.reason}`);
    await first.c.send(body);
    expect(r.requests).toHaveLength(4);
    expect(first.c.stats).toMatchObject({ requests: 1, retries: 3 });
    expect(notices[0]).toBe('1: HTTP 503 Service Unavailable: busy');
    // Equal jitter: retry n waits between 100·2^n / 2 and 100·2^n ms.
    first.delays.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(50 * 2 ** n);
      expect(d).toBeLessThanOrEqual(100 * 2 ** n);
    });
    expect(new Set(first.delays).size).toBe(3);
    await r.close();
    const again = await serve([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    const second = client(again.url);
    await second.c.send(body);
    expect(second.delays).toEqual(first.delays); // same seed, same jitter
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const r = await serve([{ status: 429, headers: { 'Retry-After': '2' } }, { status: 204 }]);
    const { c, delays } = client(r.url);
    await c.send(body);
    expect(delays).toEqual([2000]);
  });

  it('does not retry another 4xx: one line with the status and what the receiver said', async () => {
    const r = await serve([{ status: 400, body: 'out of order sample\nsecond line' }]);
    const { c, delays } = client(r.url);
    const error = await c.send(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteWriteError);
    expect((error as Error).message).toBe(`${r.url} refused the samples: HTTP 400 Bad Request: out of order sample second line`);
    expect(r.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it.each([301, 302, 303, 307, 308])('never follows a redirect (%i): one request, an error naming the Location, no retry', async (status) => {
    const r = await serve([{ status, headers: { Location: '/moved/api/v1/write' } }, { status: 200 }]);
    const { c, delays } = client(r.url);
    const error = await c.send(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteWriteError);
    const moved = new URL('/moved/api/v1/write', r.url).href;
    expect((error as Error).message).toMatch(new RegExp(`^${r.url} answered HTTP ${status} [A-Za-z ]+, a redirect to ${moved}: remote write does not follow redirects`));
    expect((error as RemoteWriteError).refused).toBe(true);
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /api/v1/write']);
    expect(delays).toEqual([]);
    expect(c.stats.requests).toBe(0);
  });

  describe('never prints a secret', () => {
    const basic = `Basic ${Buffer.from('instance-42:pa55word-xyz').toString('base64')}`;
    const secrets = ['t0k3n', 'team-a', 's3cr3t-key', 'pa55word-xyz', Buffer.from('instance-42:pa55word-xyz').toString('base64')];
    /** Every reason and message the client produced, which the CLI prints on stderr. */
    async function said(status: number, headers: Record<string, string>): Promise<string[]> {
      receiver = await startReceiver((q) => ({ status, body: `you sent ${JSON.stringify(q.headers)} to ${q.path}` }));
      const { c } = client(`${receiver.url}?api_key=s3cr3t-key&region=eu`, { retries: 1, headers });
      const out: string[] = [];
      c.onRetry = (n) => out.push(n.reason);
      out.push(await c.send(body).then(() => '', (e: Error) => e.message));
      return out;
    }

    it('a receiver echoing the bearer token, the tenant and a secret query parameter', async () => {
      const out = await said(500, { Authorization: 'Bearer t0k3n', 'X-Scope-OrgID': 'team-a' });
      expect(out).toHaveLength(2);
      for (const line of out) for (const s of secrets) expect(line).not.toContain(s);
      expect(out[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write\?api_key=<redacted>&region=eu: gave up after 1 retries: HTTP 500/);
      expect(out[0]).toContain('<redacted>');
    });

    it('a receiver echoing basic credentials', async () => {
      const out = await said(401, { Authorization: basic });
      for (const line of out) for (const s of secrets) expect(line).not.toContain(s);
      expect(out.join('\n')).toContain('"authorization":"<redacted>"');
    });
  });

  it('cuts a long refusal short', async () => {
    const r = await serve([{ status: 401, body: 'x'.repeat(100_000) }]);
    const { c } = client(r.url);
    const message = await c.send(body).then(() => '', (e: Error) => e.message);
    expect(message).toMatch(/HTTP 401 Unauthorized: x{300}…$/);
  });

  it('gives up after the last retry, naming the last failure', async () => {
    const r = await serve([{ status: 500, body: 'tsdb is sad' }]);
    const { c, delays } = client(r.url, { retries: 2 });
    await expect(c.send(body)).rejects.toThrow(`${r.url}: gave up after 2 retries: HTTP 500 Internal Server Error: tsdb is sad`);
    expect(r.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('retries a dropped connection and a timeout', async () => {
    const r = await serve(['reset', 'hang', { status: 204 }]);
    const { c } = client(r.url, { timeoutMs: 300 });
    const notices: string[] = [];
    c.onRetry = (n) => notices.push(n.reason);
    await c.send(body);
    expect(notices[0]).toMatch(/^network error: /);
    expect(notices[1]).toBe('no answer within 0.3 s');
    expect(r.requests).toHaveLength(3);
  });

  it('retries a refused connection, then gives up', async () => {
    const r = await serve([{ status: 204 }]);
    const url = r.url;
    await r.close();
    receiver = null;
    const { c } = client(url, { retries: 1 });
    await expect(c.send(body)).rejects.toThrow(/gave up after 1 retries: network error: ECONNREFUSED/);
  });

  it('stops at once when aborted', async () => {
    const r = await serve(['hang']);
    const { c } = client(r.url);
    const abort = new AbortController();
    const sending = c.send(body, abort.signal);
    setTimeout(() => abort.abort(new Error('stop now')), 100);
    await expect(sending).rejects.toThrow('stop now');
  });
});
