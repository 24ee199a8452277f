/**
 * `POST /v1/lunar/interpretations`: one simulated generation per request, in real time. The answer comes after the
 * generation's simulated duration (divided by the run's speed); a hung call holds the request until the hang ends or
 * the client gives up (the generation stays in flight either way, as in the real API). Same metrics as scenario
 * traffic.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { InterpretationRequest } from '../load/payload.ts';
import type { Generation } from '../model/generation.js';
import { interpretationText, loadVocabulary } from '../model/interpretation-text.js';
import { sendError } from './errors.js';
import type { SimulatorPort } from './port.js';

export const INTERPRETATIONS_PATH = '/v1/lunar/interpretations';

/** The request body, as JSON Schema: unknown fields refused, no type coercion (see app.ts). */
export const interpretationRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['user_id', 'birth', 'period'],
  properties: {
    user_id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:@-]+$' },
    birth: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'place'],
      properties: {
        date: { type: 'string', pattern: '^(19|20)\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' },
        time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
        place: { type: 'string', minLength: 1, maxLength: 120 },
      },
    },
    period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
  },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

/** The 200 answer, as JSON Schema: documents the contract, and lets fastify serialise it fast. */
export const interpretationResponseSchema = {
  type: 'object',
  required: ['user_id', 'period', 'source', 'model', 'fallback_type', 'duration_seconds', 'tokens', 'cost_usd', 'interpretation'],
  properties: {
    user_id: { type: 'string' },
    period: { type: 'string' },
    source: { type: 'string', enum: ['claude', 'db_temporal', 'db_template', 'hardcoded'] },
    model: { type: 'string' },
    fallback_type: { type: ['string', 'null'] },
    duration_seconds: { type: 'number' },
    tokens: {
      type: ['object', 'null'],
      properties: { input: nullableNumber, cache_write: nullableNumber, cache_read: nullableNumber, output: nullableNumber },
    },
    cost_usd: { type: 'number' },
    interpretation: { type: 'object', required: ['title', 'text'], properties: { title: { type: 'string' }, text: { type: 'string' } } },
  },
} as const;

/** The 200 body for a finished generation, or a 503 sent when the API went down first (then nothing to return). */
function answer(reply: FastifyReply, body: InterpretationRequest, g: Generation | null, seed: number): object | undefined {
  if (g === null) {
    sendError(reply, 503, { error: 'down', message: 'the simulated API went down during the generation' });
    return undefined;
  }
  return {
    user_id: body.user_id,
    period: body.period,
    source: g.source,
    model: g.model,
    fallback_type: g.fallbackType,
    duration_seconds: g.durationSeconds,
    tokens: g.tokens,
    cost_usd: g.costUsd,
    interpretation: interpretationText(body, g.source, seed),
  };
}

export const generationPlugin: FastifyPluginAsync<{ port: SimulatorPort }> = async (app, { port }) => {
  await loadVocabulary();
  // Not an async handler: a generation that has already ended is answered without a promise in between (fastify
  // sends what a handler returns, and awaits what it returns as a promise).
  app.post<{ Body: InterpretationRequest }>(INTERPRETATIONS_PATH, { schema: { body: interpretationRequestSchema, response: { 200: interpretationResponseSchema } } }, (request, reply) => {
    if (port.isDown()) {
      sendError(reply, 503, { error: 'down', message: 'the simulated API is down (scenario phase)' });
      return undefined;
    }
    if (port.isSaturated()) {
      sendError(reply.header('retry-after', '1'), 503, { error: 'saturated', message: 'the simulator holds as many generations in flight as it can (docs/limits.md)' });
      return undefined;
    }
    const g = port.generate();
    return g instanceof Promise ? g.then((done) => answer(reply, request.body, done, port.seed)) : answer(reply, request.body, g, port.seed);
  });
};
