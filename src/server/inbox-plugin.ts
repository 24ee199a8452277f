/**
 * The demo's webhook inbox: `POST /api/v1/inbox/:secret/:receiver` is where Alertmanager's (compressed) configuration
 * sends every receiver's notifications, under a secret made for the run (a drill judges from what arrives here: no
 * one else may post); `GET /api/v1/inbox` lists the latest for the page. Payloads are checked and bounded: a few
 * thousand alerts at most, labels and annotations as short strings.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sameSecret } from './auth.js';
import type { DemoPort, WebhookPayload } from './demo-port.js';
import { sendError } from './errors.js';

/** Alertmanager batches alerts per group: a large group is still far below this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const stringMap = (maxValue: number) => ({
  type: 'object',
  maxProperties: 64,
  additionalProperties: { type: 'string', maxLength: maxValue },
}) as const;

const payloadSchema = {
  type: 'object',
  required: ['status', 'alerts'],
  properties: {
    status: { type: 'string', maxLength: 16 },
    groupKey: { type: 'string', maxLength: 4096 },
    groupLabels: stringMap(1024),
    alerts: {
      type: 'array',
      maxItems: 2000,
      items: {
        type: 'object',
        required: ['status', 'labels', 'startsAt', 'endsAt'],
        properties: {
          status: { type: 'string', maxLength: 16 },
          labels: stringMap(1024),
          annotations: stringMap(8192),
          startsAt: { type: 'string', maxLength: 64 },
          endsAt: { type: 'string', maxLength: 64 },
          fingerprint: { type: 'string', maxLength: 64 },
        },
      },
    },
  },
} as const;

const paramsSchema = {
  type: 'object',
  required: ['secret', 'receiver'],
  properties: {
    secret: { type: 'string', maxLength: 128 },
    receiver: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f/]+$' },
  },
} as const;


export const inboxPlugin: FastifyPluginAsync<{ demo: DemoPort }> = async (app, { demo }) => {
  app.post<{ Params: { secret: string; receiver: string }; Body: WebhookPayload }>(
    '/api/v1/inbox/:secret/:receiver',
    { bodyLimit: MAX_BODY_BYTES, schema: { params: paramsSchema, body: payloadSchema } },
    async (request, reply) => {
      if (!sameSecret(request.params.secret, demo.inbox.secret)) {
        return sendError(reply, 403, { error: 'forbidden', message: "not this demo's inbox: only its own Alertmanager posts here" });
      }
      const body = request.body;
      demo.inbox.receive(request.params.receiver, {
        status: body.status,
        groupKey: body.groupKey,
        groupLabels: body.groupLabels,
        alerts: body.alerts.map((a) => ({ ...a, annotations: a.annotations ?? {} })),
      });
      return reply.code(200).send({ status: 'received' });
    },
  );
  app.get('/api/v1/inbox', async () => ({ notifications: demo.inbox.list() }));
};
