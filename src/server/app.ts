/**
 * The simulator's HTTP server: a fastify app built from plugins. Library code only; the CLI listens and stops it.
 * Its bounds come from src/limits.ts: body size, time to receive a request (a client that trickles its body is cut
 * off), keep-alive. There is no idle timeout on a request being answered: a hung generation holds its request.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { LIMITS } from '../limits.js';
import { requireToken } from './auth.js';
import { controlPlugin } from './control-plugin.js';
import type { DemoPort } from './demo-port.js';
import { errorHandler, type LogLine } from './errors.js';
import { generationPlugin } from './generation-plugin.js';
import { healthPlugin } from './health-plugin.js';
import { requireKnownHost } from './host-check.js';
import { inboxPlugin } from './inbox-plugin.js';
import { parseJsonInItsCharset } from './json-body.js';
import { metricsPlugin } from './metrics-plugin.js';
import { pagePlugin } from './page-plugin.js';
import type { SimulatorPort } from './port.js';
import { prometheusProxyPlugin } from './prometheus-proxy-plugin.js';
import { alertmanagerProxyPlugin } from './alertmanager-proxy-plugin.js';

/** Connection bounds, ms; the defaults are LIMITS'. */
export interface ServerTimeouts {
  /** To receive a whole request, headers and body. */
  requestMs?: number;
  /** To receive the headers. */
  headersMs?: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs?: number;
  /** How often timed-out requests are looked for. */
  checkIntervalMs?: number;
}

export interface AppOptions {
  port: SimulatorPort;
  /** When set, mutating requests need `Authorization: Bearer <token>`. */
  token?: string;
  /**
   * Host names answered besides IP addresses and localhost (host-check.ts): the name bound and `--allowed-host`'s.
   * Any other Host is 403, against DNS rebinding.
   */
  allowedHosts?: readonly string[];
  /** `host:port` of each replica's /metrics (a fleet), listed at /api/v1/targets. */
  replicaTargets?: readonly string[];
  /** Request body limit, bytes. */
  bodyLimit?: number;
  logger?: boolean;
  /** In a demo: the webhook inbox, the dashboard page and its Prometheus proxy. */
  demo?: DemoPort;
  /** Where unexpected errors are reported, one line each (default: stderr). */
  log?: LogLine;
  timeouts?: ServerTimeouts;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const t = o.timeouts ?? {};
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? LIMITS.requestBodyBytes,
    requestTimeout: t.requestMs ?? LIMITS.requestTimeoutMs,
    keepAliveTimeout: t.keepAliveMs ?? LIMITS.keepAliveTimeoutMs,
    http: {
      headersTimeout: t.headersMs ?? LIMITS.headersTimeoutMs,
      connectionsCheckingInterval: t.checkIntervalMs ?? LIMITS.connectionsCheckingIntervalMs,
    },
    // Refuse what does not match instead of repairing it: fastify's defaults drop unknown fields and coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  });
  app.setErrorHandler(errorHandler(o.log ?? ((line) => process.stderr.write(`${line}\n`))));
  // The API speaks JSON only: anything else is 415, not a string for the validator to trip on.
  app.removeContentTypeParser('text/plain');
  parseJsonInItsCharset(app);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }),
  );
  app.addHook('onRequest', requireKnownHost(o.allowedHosts ?? []));
  if (o.token) app.addHook('onRequest', requireToken(o.token));
  await app.register(metricsPlugin, { port: o.port });
  await app.register(healthPlugin, { port: o.port, replicaTargets: o.replicaTargets });
  await app.register(controlPlugin, { port: o.port });
  await app.register(generationPlugin, { port: o.port });
  if (o.demo) {
    await app.register(inboxPlugin, { demo: o.demo });
    await app.register(prometheusProxyPlugin, { demo: o.demo });
    await app.register(alertmanagerProxyPlugin, { demo: o.demo });
    await app.register(pagePlugin, { demo: o.demo });
  }
  return app;
}
