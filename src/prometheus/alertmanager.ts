/**
 * A throwaway Alertmanager on 127.0.0.1 (gossip off, its own storage dir), stopped by its Scratch. Alertmanager
 * logs no port when given port 0, so a port that was free a moment ago is picked and the start is retried once if
 * something took it meanwhile.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { ChildProcessError } from '../errors.js';
import { spawnChild } from './child.js';
import type { Scratch } from './scratch.js';

const READY_TIMEOUT_MS = 20_000;

export interface AlertmanagerInstance {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new ChildProcessError('no free port on 127.0.0.1');
  return address.port;
}

async function startOnce(bin: string, configFile: string, scratch: Scratch): Promise<AlertmanagerInstance | null> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(scratch.tempDir('alertmanager'), 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ];
  const child = spawnChild(bin, args, scratch, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      if (/address already in use/.test(log)) return null;
      throw new ChildProcessError(`alertmanager exited (code ${child.exitCode}): ${log.trim().split('\n').slice(-2).join(' | ')}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ChildProcessError(`alertmanager did not become ready in ${READY_TIMEOUT_MS / 1000}s`);
}

/** Starts Alertmanager with `configFile` and waits until it is ready. */
export async function startAlertmanager(bin: string, configFile: string, scratch: Scratch): Promise<AlertmanagerInstance> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const am = await startOnce(bin, configFile, scratch);
    if (am) return am;
  }
  throw new ChildProcessError('alertmanager found no free port on 127.0.0.1');
}
