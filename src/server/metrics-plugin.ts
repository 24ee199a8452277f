/** `GET /metrics`: Prometheus text, or OpenMetrics when the scraper asks for it. */
import type { FastifyPluginAsync } from 'fastify';
import { Exposition } from '../metrics/exposition.js';
import { sendError } from './errors.js';
import type { SimulatorPort } from './port.js';

export const metricsPlugin: FastifyPluginAsync<{ port: SimulatorPort }> = async (app, { port }) => {
  app.get('/metrics', async (request, reply) => {
    if (port.isDown()) return sendError(reply, 503, { error: 'down', message: 'the simulated API is down (scenario phase)' });
    const { contentType, body } = await port.render(Exposition.negotiate(request.headers.accept));
    return reply.type(contentType).send(body);
  });
};
