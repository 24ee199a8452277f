/**
 * DNS rebinding against a real socket (issue 20, finding 5): `run` answers only the Host names it may, out of the box,
 * and `--allowed-host` adds one.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';

let running: RunningCli | undefined;
afterEach(async () => {
  running?.child.kill('SIGTERM');
  await running?.exited;
  running = undefined;
});

function put(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method: 'PUT', path: '/api/v1/profile', headers: { host, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.once('error', reject);
    r.end('{"cache":{"hit_ratio":0.1}}');
  });
}

async function start(args: string[]): Promise<number> {
  running = startCli(['run', 'baseline', '--port', '0', ...args]);
  const [, port] = await running.waitFor(/metrics:\s+http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 60_000);
  return Number(port);
}

describe('lunar-sim run and the Host header', () => {
  it('refuses a rebinding name by default, accepts its own address and localhost', async () => {
    const port = await start([]);
    expect(await put(port, 'attacker.example')).toBe(403);
    expect(await put(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await put(port, `localhost:${port}`)).toBe(200);
  });

  it('accepts the names given with --allowed-host', async () => {
    const port = await start(['--allowed-host', 'sim.internal', '--allowed-host', 'other.internal']);
    expect(await put(port, `sim.internal:${port}`)).toBe(200);
    expect(await put(port, 'other.internal')).toBe(200);
    expect(await put(port, 'attacker.example')).toBe(403);
  });

  it('refuses an --allowed-host that is not a host name, exit 2', () => {
    const r = runCli(['run', 'baseline', '--port', '0', '--allowed-host', 'http://x/']);
    expect([r.code, r.stderr]).toEqual([2, 'lunar-sim: --allowed-host http://x/: expected a host name such as sim.internal\n']);
  });
});
