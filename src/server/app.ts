/**
 * The simulator's HTTP server: a fastify app built from plugins. Library code only; the CLI listens and stops it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { requireToken } from './auth.js';
import { controlPlugin } from './control-plugin.js';
import { errorHandler } from './errors.js';
import { generationPlugin } from './generation-plugin.js';
import { healthPlugin } from './health-plugin.js';
import { metricsPlugin } from './metrics-plugin.js';
import type { SimulatorPort } from './port.js';

export interface AppOptions {
  port: SimulatorPort;
  /** When set, mutating requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** `host:port` of each replica's /metrics (a fleet), listed at /api/v1/targets. */
  replicaTargets?: readonly string[];
  /** Request body limit, bytes. */
  bodyLimit?: number;
  logger?: boolean;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? 16 * 1024,
    // Refuse what does not match instead of repairing it: fastify's defaults drop unknown fields and coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  });
  app.setErrorHandler(errorHandler);
  // The API speaks JSON only: anything else is 415, not a string for the validator to trip on.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }),
  );
  if (o.token) app.addHook('onRequest', requireToken(o.token));
  await app.register(metricsPlugin, { port: o.port });
  await app.register(healthPlugin, { port: o.port, replicaTargets: o.replicaTargets });
  await app.register(controlPlugin, { port: o.port });
  await app.register(generationPlugin, { port: o.port });
  return app;
}
