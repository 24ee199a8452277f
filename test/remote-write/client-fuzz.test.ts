/**
 * The remote-write client against a receiver answering at random (issue 20, findings 1 and 6), as a property: it never
 * follows a redirect (every request goes to the URL given, as a POST with the body), it succeeds only on a 2xx, it
 * fails with a RemoteWriteError otherwise, and nothing it says holds a secret, whatever the receiver echoes.
 * A short fixed-seed run here; `npm run fuzz` runs longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteWriteError } from '../../src/errors.js';
import { RemoteWriteClient } from '../../src/remote-write/client.js';
import { encodeLabels, encodeWriteRequest } from '../../src/remote-write/write-request.js';
import { fuzzSettings } from '../support/arbitraries.js';
import { startReceiver, type Answer, type Receiver } from '../support/receiver.js';

const body = encodeWriteRequest([{ labels: encodeLabels({ __name__: 'x', job: 'j' }), timestamps: [1000], values: Float64Array.from([1]) }]);
const SECRETS = ['t0k3n-abcdef', 'tenant-xyz', 'key-12345'];

type Script = { status: number; location?: string; echo: boolean }[];
const answer = fc.record({
  status: fc.constantFrom(200, 204, 301, 302, 303, 307, 308, 400, 401, 404, 429, 500, 503),
  location: fc.option(fc.constantFrom('/elsewhere', 'http://127.0.0.1:1/api/v1/write?api_key=key-12345', 'https://x.example/write', '::bad::'), { nil: undefined }),
  echo: fc.boolean(),
});

let receiver: Receiver;
let script: Script = [];
beforeAll(async () => {
  receiver = await startReceiver((q, i): Answer => {
    const a = script[Math.min(i, script.length - 1)];
    return { status: a.status, headers: a.location ? { Location: a.location } : {}, body: a.echo ? `you sent ${JSON.stringify(q.headers)} to ${q.path}` : 'no' };
  });
});
afterAll(() => receiver.close());

describe('the remote-write client against a receiver answering at random', () => {
  it('never follows a redirect, succeeds only on a 2xx, and never says a secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), async (answers, retries) => {
        script = answers;
        receiver.requests.length = 0;
        const client = new RemoteWriteClient(
          { url: `${receiver.url}?api_key=key-12345`, headers: { Authorization: 'Bearer t0k3n-abcdef', 'X-Scope-OrgID': 'tenant-xyz' }, timeoutMs: 5000, retries, backoff: { minMs: 1, maxMs: 1 } },
          { random: () => 0.5, sleep: async () => {}, now: () => 0 },
        );
        const said: string[] = [];
        client.onRetry = (n) => said.push(n.reason);
        const outcome = await client.send(body).then(() => null, (e: unknown) => e);
        const first2xx = answers.findIndex((a) => a.status < 300);
        const firstFinal = answers.findIndex((a) => a.status >= 300 && a.status !== 429 && a.status < 500);
        const taken = Math.min(receiver.requests.length - 1, answers.length - 1);
        if (outcome === null) expect(answers[taken].status).toBeLessThan(300);
        else {
          expect(outcome).toBeInstanceOf(RemoteWriteError);
          said.push((outcome as Error).message);
        }
        if (first2xx >= 0 && first2xx <= retries && (firstFinal < 0 || first2xx < firstFinal)) expect(outcome).toBeNull();
        for (const r of receiver.requests) expect([r.method, r.path]).toEqual(['POST', '/api/v1/write?api_key=key-12345']);
        expect(receiver.requests.length).toBeLessThanOrEqual(retries + 1);
        for (const line of said) for (const s of SECRETS) expect(line).not.toContain(s);
      }),
      fuzzSettings(60),
    );
  });
});
