/**
 * Request bodies as bytes, each encoded once: the seeded draws (payload.ts) pick a user and a period, and the body for
 * that pair is built and JSON-encoded the first time it is drawn, then reused. With the default pool (1,000 users ×
 * 2 periods) that is at most 2,000 small buffers, and the send path allocates no body after the first few thousand
 * requests.
 */
import { payloadFor, payloadKeys } from './payload.ts';

const PERIODS = ['2026-01', '2026-02'] as const;
const USERS = 1000;

/** The next request body, the same sequence as `payloadGenerator(seed)` serialised with JSON.stringify. */
export function bodySource(seed: number): () => Buffer {
  const next = payloadKeys(seed, USERS, PERIODS.length);
  const cache: (Buffer | undefined)[] = new Array(USERS * PERIODS.length);
  return () => {
    const key = next();
    let body = cache[key];
    if (body === undefined) {
      body = Buffer.from(JSON.stringify(payloadFor(seed, Math.floor(key / PERIODS.length), PERIODS[key % PERIODS.length])));
      cache[key] = body;
    }
    return body;
  };
}
