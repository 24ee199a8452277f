/**
 * `GET /metrics`: Prometheus text, or OpenMetrics when the scraper asks for it. A fleet's replicas each serve their
 * own (one listener per replica, `slot` set); the control server of a fleet points at them instead.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Exposition } from '../metrics/exposition.js';
import { sendError } from './errors.js';
import type { SimulatorPort } from './port.js';

export interface MetricsPluginOptions {
  port: SimulatorPort;
  /** The replica this server stands for; undefined on the control server. */
  slot?: number;
}

export const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = async (app, { port, slot }) => {
  app.get('/metrics', async (request, reply) => {
    if (slot === undefined && port.replicas > 1) {
      return sendError(reply, 404, {
        error: 'fleet',
        message: `this scenario runs ${port.replicas} replicas, each with its own /metrics: scrape the targets listed at /api/v1/targets (Prometheus http_sd_configs)`,
      });
    }
    if (port.isDown(slot)) return sendError(reply, 503, { error: 'down', message: 'the simulated API is down (scenario phase)' });
    const { contentType, body } = await port.render(Exposition.negotiate(request.headers.accept), slot);
    return reply.type(contentType).send(body);
  });
};
