/**
 * `GET /healthz` (liveness of the simulator), `GET /api/v1/status` (scenario, phase, time, totals) and, for a fleet,
 * `GET /api/v1/targets`: the replicas' scrape targets in the format of Prometheus' `http_sd_configs`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SimulatorPort } from './port.js';

export interface HealthPluginOptions {
  port: SimulatorPort;
  /** `host:port` of each replica's /metrics, in slot order; empty without a fleet. */
  replicaTargets?: readonly string[];
}

export const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = async (app, { port, replicaTargets = [] }) => {
  app.get('/healthz', async () => ({ status: 'ok', apiDown: port.isDown() }));
  app.get('/api/v1/status', async () => port.status());
  app.get('/api/v1/targets', async () => (replicaTargets.length ? [{ targets: replicaTargets, labels: {} }] : []));
};
