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
import { buildReplicaApp } from '../server/replica-app.js';
import { LiveRun, type LiveRunOptions } from './live-run.js';

export interface LiveSessionOptions extends Omit<LiveRunOptions, 'elapsed'> {
  host: string;
  port: number;
  token?: string;
  /** Host names the control server answers besides IP addresses, localhost and `host` (against DNS rebinding). */
  allowedHosts?: readonly string[];
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
  /** A fleet's replicas: `host:port` of each one's /metrics, in slot order (empty without a fleet). */
  replicaTargets: string[];
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Listens on `port` (0 = any free one); returns the port bound, or a one-line usage error. */
async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use: pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot bind ${host}: no such local address`);
    throw e;
  }
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : port;
}

/**
 * Starts the run and its servers: the control server on `port`, and for a fleet one /metrics server per replica on
 * the ports after it (`port + 1 + slot`; any free ports when `port` is 0).
 */
export async function startLiveSession(scenario: Scenario, o: LiveSessionOptions): Promise<LiveSession> {
  if (!isLoopback(o.host) && !o.token) {
    throw new UsageError(`binding ${o.host} exposes the control API: pass --token-file <file> (or LUNAR_SIM_TOKEN, or --token), or bind 127.0.0.1`);
  }
  const run = new LiveRun(scenario, { ...o, elapsed: o.elapsed ?? (() => performance.now()) });
  const host = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
  const servers: FastifyInstance[] = [];
  const close = async (): Promise<void> => {
    run.stop();
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const replicaTargets: string[] = [];
    if (scenario.fleet) {
      for (let slot = 0; slot < run.replicas; slot++) {
        const replica = await buildReplicaApp(run, slot);
        const bound = await listen(replica, o.host, o.port === 0 ? 0 : o.port + 1 + slot);
        servers.push(replica);
        replicaTargets.push(`${host}:${bound}`);
      }
    }
    const app = await buildApp({ port: run, token: o.token, replicaTargets, demo: o.demo, allowedHosts: [o.host, ...(o.allowedHosts ?? [])] });
    const port = await listen(app, o.host, o.port);
    servers.push(app);
    // A run with history waits for run.start(at): the moment its history ends on the real axis.
    if (!o.history) run.start();
    return { run, app, url: `http://${host}:${port}`, replicaTargets, close };
  } catch (e) {
    await close();
    throw e;
  }
}
