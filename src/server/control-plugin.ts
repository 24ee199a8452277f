/**
 * The live control API: read the profile in force, override part of it (validated exactly like a scenario's
 * `base:`), or drop the override and return to the scenario's own profile.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SimulatorPort } from './port.js';

export const controlPlugin: FastifyPluginAsync<{ port: SimulatorPort }> = async (app, { port }) => {
  app.get('/api/v1/profile', async () => port.profile());
  app.put('/api/v1/profile', async (request) => {
    // No body, `null` or a list is refused by the override's validation: never read as "no change".
    port.setOverride(request.body);
    return port.profile();
  });
  app.delete('/api/v1/profile', async () => {
    port.clearOverride();
    return port.profile();
  });
};
