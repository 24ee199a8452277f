/**
 * The built-in dashboard page: the static files of web/ (and uPlot's), and `GET /api/v1/dashboard`, the page's model
 * (panels read from the Grafana dashboard JSON, queries compressed for the demo's speed, the time axis).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { DemoPort } from './demo-port.js';
import { sendError } from './errors.js';

/** The page's own files (the same relative place from src/ and dist/). */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const UPLOT_DIR = path.dirname(createRequire(import.meta.url).resolve('uplot'));

export const pagePlugin: FastifyPluginAsync<{ demo: DemoPort }> = async (app, { demo }) => {
  // No wildcard route: only files present at start are served; anything else is the app's JSON 404.
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false, index: 'index.html' });
  await app.register(fastifyStatic, { root: UPLOT_DIR, prefix: '/vendor/uplot/', wildcard: false, decorateReply: false });
  app.get('/api/v1/dashboard', async (_request, reply) => {
    const model = demo.pageModel();
    if (model === null) return sendError(reply, 503, { error: 'not_ready', message: 'the demo is still starting' });
    return model;
  });
};
