/**
 * The demo's inbox under random posts (issue 20, finding 4), as a property: under the run's secret a notification is
 * taken or refused with 400, and whatever it holds prints as one line with no control character; under any other
 * path it is refused and recorded nowhere. A short fixed-seed run here; `npm run fuzz` runs longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { notificationLines } from '../../src/cli/notification-line.js';
import { Inbox } from '../../src/demo/inbox.js';
import { TimeAxis } from '../../src/demo/time-axis.js';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';
import { fuzzSettings } from '../support/arbitraries.js';

const scenario = parseScenario('name: inbox\nsummary: inbox fuzz\nseed: 3\nduration: 1h\ntraffic: { rate: 0/min }\n', 'inbox.yaml');
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text with the characters that have fooled terminals, among ordinary ones. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom('\u001b]0;title\u0007', '\u001b]52;c;ZXZpbA==\u0007', '\r\u001b[2K', '\u009b2J', '\u202eevil', 'line\nbreak', 'ok'),
);
const labels = fc.dictionary(fc.constantFrom('alertname', 'severity', 'instance', 'x'), hostile, { maxKeys: 4 });
const alert = fc.record({ status: fc.constantFrom('firing', 'resolved', 'odd'), labels, annotations: fc.dictionary(fc.constantFrom('summary', 'description'), hostile, { maxKeys: 2 }), startsAt: fc.constant('2030-01-01T00:00:00Z'), endsAt: fc.constant('0001-01-01T00:00:00Z') });
const post = fc.record({
  secret: fc.oneof({ weight: 3, arbitrary: fc.constant('the-secret') }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }),
  receiver: fc.oneof(fc.constantFrom('team', 'oncall', 'équipe'), fc.string({ minLength: 1, maxLength: 20, unit: 'binary' })),
  alerts: fc.array(alert, { maxLength: 3 }),
});

let app: FastifyInstance;
let inbox: Inbox;
beforeAll(async () => {
  inbox = new Inbox(() => 0);
  app = await buildApp({ port: new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0 }), demo: { inbox, prometheusUrl: () => null, pageModel: () => null } });
});
afterAll(() => app.close());

describe('the inbox under random posts', () => {
  it('takes only what comes under its secret, and prints whatever it took without a control character', async () => {
    const axis = new TimeAxis(0, 0, 1);
    await fc.assert(
      fc.asyncProperty(post, async (p) => {
        const before = inbox.received;
        const secret = p.secret === 'the-secret' ? inbox.secret : p.secret;
        const url = `/api/v1/inbox/${encodeURIComponent(secret)}/${encodeURIComponent(p.receiver)}`;
        const r = await app.inject({ method: 'POST', url, payload: { status: 'firing', alerts: p.alerts } });
        if (secret !== inbox.secret) {
          expect([403, 404, 400], r.body).toContain(r.statusCode);
          expect(inbox.received).toBe(before);
          return;
        }
        expect([200, 400], r.body).toContain(r.statusCode);
        if (r.statusCode !== 200) return;
        expect(inbox.received).toBe(before + 1);
        const received = inbox.list().at(-1)!;
        for (const line of notificationLines(received, axis, 0)) expect(line).not.toMatch(CONTROL);
      }),
      fuzzSettings(100),
    );
  });
});
