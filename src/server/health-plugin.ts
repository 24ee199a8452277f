/** `GET /healthz` (liveness of the simulator) and `GET /api/v1/status` (scenario, phase, time, totals). */
import type { FastifyPluginAsync } from 'fastify';
import type { SimulatorPort } from './port.js';

export const healthPlugin: FastifyPluginAsync<{ port: SimulatorPort }> = async (app, { port }) => {
  app.get('/healthz', async () => ({ status: 'ok', apiDown: port.isDown() }));
  app.get('/api/v1/status', async () => port.status());
};
