/**
 * DNS rebinding (issue 20, finding 5): a page on attacker.example whose name is made to resolve to 127.0.0.1 reaches
 * the simulator with `Host: attacker.example`. Only names the server answers to are accepted: IP literals (a page
 * served from an IP is the server's own origin), localhost, the name it was bound to and those given by the flag.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario('name: host\nsummary: host check\nseed: 5\nduration: 1h\ntraffic: { rate: 0/min }\n', 'host.yaml');

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function appWith(allowedHosts?: string[]): Promise<FastifyInstance> {
  const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => 0 });
  app = await buildApp({ port: run, allowedHosts });
  return app;
}

describe('the Host header', () => {
  it.each([
    ['PUT', '/api/v1/profile'],
    ['GET', '/api/v1/profile'],
    ['GET', '/metrics'],
    ['DELETE', '/api/v1/profile'],
  ] as const)('refuses %s %s for a name the server does not answer to, with 403 naming the flag', async (method, url) => {
    const a = await appWith();
    const r = await a.inject({ method, url, headers: { host: 'attacker.example:9464' }, payload: method === 'PUT' ? {} : undefined });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual({
      error: 'host_not_allowed',
      message: 'Host "attacker.example" is not a name this server answers to (IP addresses, localhost and the names given with --allowed-host are): add --allowed-host attacker.example to accept it',
    });
  });

  it.each(['127.0.0.1:9464', '127.0.0.1', 'localhost:9464', 'LOCALHOST', 'localhost.', 'app.localhost:9464', '[::1]:9464', '10.1.2.3:9464', '[fe80::1]'])(
    'accepts %j: an IP address or localhost',
    async (host) => {
      const a = await appWith();
      const r = await a.inject({ method: 'PUT', url: '/api/v1/profile', headers: { host }, payload: {} });
      expect(r.statusCode).toBe(200);
    },
  );

  it('accepts the names it is given, in any case, and still refuses the others', async () => {
    const a = await appWith(['sim.example', 'box']);
    for (const host of ['sim.example:9464', 'SIM.Example', 'box', 'box:80']) {
      expect((await a.inject({ method: 'GET', url: '/api/v1/profile', headers: { host } })).statusCode).toBe(200);
    }
    expect((await a.inject({ method: 'GET', url: '/api/v1/profile', headers: { host: 'evil.sim.example' } })).statusCode).toBe(403);
    expect((await a.inject({ method: 'GET', url: '/api/v1/profile', headers: { host: '127.0.0.1.evil.example' } })).statusCode).toBe(403);
  });

  it('remembers only the Host headers it accepted: one refused stays refused, before and after accepted ones', async () => {
    const a = await appWith();
    const status = async (host: string): Promise<number> => (await a.inject({ method: 'GET', url: '/api/v1/profile', headers: { host } })).statusCode;
    expect(await status('attacker.example')).toBe(403);
    expect(await status('127.0.0.1:9464')).toBe(200);
    expect(await status('127.0.0.1:9464')).toBe(200);
    expect(await status('attacker.example')).toBe(403);
    // More accepted names than it remembers: each is still judged, none lets another through.
    for (let i = 0; i < 100; i++) expect(await status(`10.0.0.${i}`)).toBe(200);
    expect(await status('attacker.example')).toBe(403);
  });
});
