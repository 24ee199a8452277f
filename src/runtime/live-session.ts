/**
 * A live run served over HTTP: the simulation, the fastify app listening, and one `close()` that stops both.
 * Binding anything but loopback requires a token, so an exposed simulator cannot be steered by strangers.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { ElapsedSource } from '../core/clock.js';
import { UsageError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { buildApp } from '../server/app.js';
import type { DemoPort } from '../server/demo-port.js';
import { LiveRun, type LiveRunOptions } from './live-run.js';

export interface LiveSessionOptions extends Omit<LiveRunOptions, 'elapsed'> {
  host: string;
  port: number;
  token?: string;
  /** Real elapsed time; `performance.now` unless a demo needs the wall clock (Prometheus' timestamps). */
  elapsed?: ElapsedSource;
  /** The inbox, page and Prometheus proxy of a demo. */
  demo?: DemoPort;
}

export interface LiveSession {
  run: LiveRun;
  app: FastifyInstance;
  /** Base URL the server listens on, e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export async function startLiveSession(scenario: Scenario, o: LiveSessionOptions): Promise<LiveSession> {
  if (!isLoopback(o.host) && !o.token) {
    throw new UsageError(`binding ${o.host} exposes the control API: pass --token-file <file> (or LUNAR_SIM_TOKEN, or --token), or bind 127.0.0.1`);
  }
  const run = new LiveRun(scenario, { ...o, elapsed: o.elapsed ?? (() => performance.now()) });
  const app = await buildApp({ port: run, token: o.token, demo: o.demo });
  try {
    await app.listen({ host: o.host, port: o.port });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${o.port} on ${o.host} is in use: pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot bind ${o.host}: no such local address`);
    throw e;
  }
  // A run with history waits for run.start(at): the moment its history ends on the real axis.
  if (!o.history) run.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
  return {
    run,
    app,
    url: `http://${host}:${port}`,
    close: async () => {
      run.stop();
      await app.close();
    },
  };
}
