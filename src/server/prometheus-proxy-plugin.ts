/**
 * The page's only way to the demo's Prometheus: GET `/api/v1/prometheus/query`, `/query_range` and `/rules`, with
 * the parameters the page needs and nothing else, each checked (expression length, times, step, points), a timeout,
 * and Prometheus' own answer passed on. The simulator never forwards anything else.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { LIMITS } from '../limits.js';
import type { DemoPort } from './demo-port.js';
import { sendError } from './errors.js';

/** Prometheus refuses more points per series; the page never needs that many. */
export const MAX_POINTS = 11_000;
/**
 * Prometheus stops a query after LIMITS.demoQueryTimeoutMs (`--query.timeout`) and says so; the proxy waits a little
 * longer, so that the page gets Prometheus' own answer, and gives up only when Prometheus itself is stuck.
 */
const TIMEOUT_MS = LIMITS.demoQueryTimeoutMs + 5000;
const SECONDS = '^[0-9]{1,12}(\\.[0-9]{1,6})?$';

const query = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const seconds = { type: 'string', pattern: SECONDS, maxLength: 20 } as const;

const instantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query'],
  properties: { query, time: seconds },
} as const;

const rangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query', 'start', 'end', 'step'],
  properties: { query, start: seconds, end: seconds, step: seconds },
} as const;

type Params = Record<string, string>;

async function forward(demo: DemoPort, reply: FastifyReply, path: string, params: Params): Promise<FastifyReply> {
  const base = demo.prometheusUrl();
  if (!base) return sendError(reply, 503, { error: 'prometheus_unavailable', message: "the demo's Prometheus is not up yet" });
  try {
    const r = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return reply.code(r.status).type('application/json; charset=utf-8').send(await r.text());
  } catch (e) {
    const timeout = (e as Error).name === 'TimeoutError';
    return sendError(reply, timeout ? 504 : 502, {
      error: timeout ? 'prometheus_timeout' : 'prometheus_unreachable',
      message: timeout ? `Prometheus did not answer in ${TIMEOUT_MS / 1000} s` : "the demo's Prometheus did not answer",
    });
  }
}

export const prometheusProxyPlugin: FastifyPluginAsync<{ demo: DemoPort }> = async (app, { demo }) => {
  app.get<{ Querystring: Params }>('/api/v1/prometheus/query', { schema: { querystring: instantSchema } }, (request, reply) =>
    forward(demo, reply, '/api/v1/query', request.query),
  );
  app.get<{ Querystring: Params }>('/api/v1/prometheus/query_range', { schema: { querystring: rangeSchema } }, (request, reply) => {
    const { start, end, step } = request.query;
    const points = (Number(end) - Number(start)) / Number(step);
    if (!(Number(step) > 0) || !(points >= 0) || points > MAX_POINTS) {
      return sendError(reply, 400, {
        error: 'invalid_request',
        message: `step: start..end must hold 0 to ${MAX_POINTS} steps of a positive step`,
        fields: [{ field: 'step', message: `0 to ${MAX_POINTS} points between start and end` }],
      });
    }
    return forward(demo, reply, '/api/v1/query_range', request.query);
  });
  app.get('/api/v1/prometheus/rules', (_request, reply) => forward(demo, reply, '/api/v1/rules', { type: 'alert' }));
};
