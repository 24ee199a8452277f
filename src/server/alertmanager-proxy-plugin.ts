/**
 * The page's one question to the demo's Alertmanager: GET `/api/v1/alertmanager/alerts` — the alerts it holds, with
 * their state (`active`, or `suppressed` by an inhibition or a silence) — for the alert list's "inhibited" state.
 * Fixed upstream path and parameters, a timeout; nothing else of Alertmanager is reachable from the page.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { DemoPort } from './demo-port.js';
import { sendError } from './errors.js';

/** Alertmanager answers from memory in milliseconds; a stuck one must not hold the page's refresh. */
const TIMEOUT_MS = 5000;

export const alertmanagerProxyPlugin: FastifyPluginAsync<{ demo: DemoPort }> = async (app, { demo }) => {
  app.get('/api/v1/alertmanager/alerts', async (_request, reply) => {
    const base = demo.alertmanagerUrl?.() ?? null;
    if (!base) return sendError(reply, 503, { error: 'alertmanager_unavailable', message: "the demo's Alertmanager is not up yet" });
    try {
      const r = await fetch(`${base}/api/v2/alerts?active=true&inhibited=true&silenced=true&unprocessed=false`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      return reply.code(r.status).type('application/json; charset=utf-8').send(await r.text());
    } catch {
      return sendError(reply, 502, { error: 'alertmanager_unreachable', message: "the demo's Alertmanager did not answer" });
    }
  });
};
