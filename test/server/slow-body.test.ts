/**
 * A client that sends headers and then trickles its body is cut off (issue 10, part 5): the server bounds the time
 * to receive a request, over a real socket. The test shortens the bound; the defaults come from LIMITS.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../src/limits.js';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario('name: slow\nsummary: slow body\nseed: 1\nduration: 1h\ntraffic: { rate: 0/min }\n', 'slow.yaml');

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

interface Trickle {
  /** Bytes of the body sent before the server closed the connection. */
  sent: number;
  answer: string;
}

/** Sends headers announcing `length` bytes, then one byte every `everyMs` until the server closes the socket. */
function trickle(port: number, length: number, everyMs: number): Promise<Trickle> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let sent = 0;
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(`PUT /api/v1/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
      timer = setInterval(() => {
        if (sent >= length) return;
        socket.write(' ');
        sent++;
      }, everyMs);
    });
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => {}); // a reset after the server closes is the expected end
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ sent, answer });
    });
    setTimeout(() => reject(new Error('the server never closed the connection')), 60_000).unref();
  });
}

describe('slow request bodies', () => {
  it('are cut off with 408 once the request timeout has passed, long before the body is complete', async () => {
    const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => 0 });
    app = await buildApp({ port: run, timeouts: { requestMs: 400, headersMs: 300, checkIntervalMs: 50 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as net.AddressInfo;
    // 1,000 bytes at one per 20 ms would take 20 s to arrive.
    const r = await trickle(port, 1000, 20);
    expect(r.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.sent).toBeLessThan(1000);
  });

  it('are bounded by the limits by default', async () => {
    const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => 0 });
    app = await buildApp({ port: run });
    expect(app.server.requestTimeout).toBe(LIMITS.requestTimeoutMs);
    expect(app.server.headersTimeout).toBe(LIMITS.headersTimeoutMs);
    expect(app.server.keepAliveTimeout).toBe(LIMITS.keepAliveTimeoutMs);
  });
});
