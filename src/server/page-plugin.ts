/**
 * The built-in dashboard page: the static files of web/ (and uPlot's), and `GET /api/v1/dashboard`, the page's model
 * (panels read from the Grafana dashboard JSON, queries compressed for the demo's speed, the time axis).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { MAX_CHOICES } from '../dashboard-page/grafana-variables.js';
import type { DemoPort } from './demo-port.js';
import { sendError } from './errors.js';

/** The page's own files (the same relative place from src/ and dist/). */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const UPLOT_DIR = path.dirname(createRequire(import.meta.url).resolve('uplot'));
/** The project's docs, for the alert list's runbook links (`docs/runbooks.md#…`, as the rules give them). */
const DOCS_DIR = fileURLToPath(new URL('../../docs/', import.meta.url));

/** `var-<name>` parameters only: a bounded string, or 1 to MAX_CHOICES of them (the parameter repeated). */
const value = { type: 'string', minLength: 1, maxLength: 100 } as const;
const dashboardQuery = {
  type: 'object',
  additionalProperties: false,
  patternProperties: {
    '^var-[A-Za-z_][A-Za-z0-9_]{0,39}$': { anyOf: [value, { type: 'array', minItems: 1, maxItems: MAX_CHOICES, items: value }] },
  },
} as const;

export const pagePlugin: FastifyPluginAsync<{ demo: DemoPort }> = async (app, { demo }) => {
  // No wildcard route: only files present at start are served; anything else is the app's JSON 404.
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false, index: 'index.html' });
  await app.register(fastifyStatic, { root: UPLOT_DIR, prefix: '/vendor/uplot/', wildcard: false, decorateReply: false });
  // The runbooks and the other docs, as plain text, which a browser shows rather than downloads: only the .md files
  // present at start, by name, so that no path reaches outside docs/.
  const docs = new Set(existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')) : []);
  app.get<{ Params: { file: string } }>('/docs/:file', async (request, reply) => {
    if (!docs.has(request.params.file)) return sendError(reply, 404, { error: 'not_found', message: `no document ${request.params.file}` });
    return reply.type('text/plain; charset=utf-8').send(await readFile(path.join(DOCS_DIR, request.params.file), 'utf8'));
  });
  app.get<{ Querystring: Record<string, string | string[]> }>('/api/v1/dashboard', { schema: { querystring: dashboardQuery } }, async (request, reply) => {
    // Grafana's URL form, `?var-model=a&var-model=b&var-interval=15m`: each value checked against its variable.
    const choices = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k.slice('var-'.length), typeof v === 'string' ? [v] : v]));
    const model = demo.pageModel(Object.keys(choices).length > 0 ? choices : undefined);
    if (model === null) return sendError(reply, 503, { error: 'not_ready', message: 'the demo is still starting' });
    return model;
  });
};
