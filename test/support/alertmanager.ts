/** A throwaway Alertmanager and a webhook receiver, for the live drill test. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Scratch } from '../../src/prometheus/scratch.js';

/** A port that was free a moment ago (Alertmanager has no "listening on" line to read a port 0 from). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startAlertmanager(bin: string, configFile: string, scratch: Scratch): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  scratch.track(
    spawn(bin, [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(scratch.tempDir('am'), 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ], { stdio: 'ignore' }),
  );
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return url;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('alertmanager did not become ready');
}

export interface Notification {
  path: string;
  body: { status: string; alerts: { status: string; labels: Record<string, string> }[] };
}

/** An HTTP server that records every webhook call. */
export async function startWebhook(): Promise<{ url: string; received: Notification[]; server: Server }> {
  const received: Notification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}
