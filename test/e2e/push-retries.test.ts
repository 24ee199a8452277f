/** `push` to a receiver that is not there (issue 20): a line, not one per retry, then the error. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.js';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('push to a closed port', () => {
  it('says it is retrying once, then gives up in one line, exit 2', async () => {
    const port = await closedPort();
    const r = await runCliAsync(['push', 'api-down', '--url', `http://127.0.0.1:${port}/api/v1/write`, '--to', '10m', '--retries', '3']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n').filter((l) => !/^\s*\d+%/.test(l));
    expect(lines).toEqual([
      'lunar-sim: retrying (up to 3 times a request): network error: ECONNREFUSED',
      `lunar-sim: http://127.0.0.1:${port}/api/v1/write: gave up after 3 retries: network error: ECONNREFUSED; nothing was stored`,
    ]);
  });
});
