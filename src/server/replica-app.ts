/**
 * The server of one replica of a fleet: only `GET /metrics`, as the real API's pods each expose their own. One
 * target per replica gives Prometheus what a real fleet gives it: an `instance` and an `up` per pod, and a failed
 * scrape (503) for a replica that is down, with the staleness that follows.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler, type LogLine } from './errors.js';
import { metricsPlugin } from './metrics-plugin.js';
import type { SimulatorPort } from './port.js';

/** `log`: where an unexpected error is reported, one line (default stderr), as for the main app. */
export async function buildReplicaApp(port: SimulatorPort, slot: number, log: LogLine = (line) => process.stderr.write(`${line}\n`)): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler(log));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `replica ${slot} serves only GET /metrics, not ${request.method} ${request.url}` }),
  );
  await app.register(metricsPlugin, { port, slot });
  return app;
}
