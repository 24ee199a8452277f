/**
 * A real remote-write receiver on 127.0.0.1 for tests (node:http): it records each request (headers, decoded
 * body) and answers as the test scripts it — a status, a hang, a dropped connection, or forwarding to a real
 * Prometheus, so that auth headers and retries can be checked on the way to the real thing.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { uncompress } from 'snappyjs';
import { RemoteWriteClient } from '../../src/remote-write/client.js';
import { decodeWriteRequest, type DecodedSeries } from './remote-write-decoder.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  series: DecodedSeries[];
  /** The WriteRequest bytes, uncompressed. */
  raw: Buffer;
}

export type Answer =
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  | { forward: string }
  | 'hang'
  | 'reset';

export interface Receiver {
  url: string;
  requests: RecordedRequest[];
  /** Most requests answered at the same time so far. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /**
   * Time a request spends before it is recorded (a receiver's processing), ms: with it, requests sent in one order
   * can be taken in another, as they can by a real receiver.
   */
  processingMs?: () => number;
}

/** Starts a receiver; `answer` decides each response from the request and its 0-based index. */
export async function startReceiver(answer: (r: RecordedRequest, index: number) => Answer, options: ReceiverOptions = {}): Promise<Receiver> {
  const sockets = new Set<Socket>();
  let active = 0;
  const receiver: Receiver = { url: '', requests: [], maxConcurrent: 0, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    active++;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, active);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const processing = options.processingMs?.() ?? 0;
    if (processing > 0) await new Promise((r) => setTimeout(r, processing));
    // A request without a body (a redirect followed as a GET) is recorded as it came.
    const plain = raw.length === 0 ? raw : Buffer.from(uncompress(raw));
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, series: decodeWriteRequest(plain), raw: plain };
    const index = receiver.requests.push(recorded) - 1;
    const a = answer(recorded, index);
    try {
      if (a === 'hang') return;
      if (a === 'reset') {
        req.socket.destroy();
        return;
      }
      if ('forward' in a) {
        const forwarded = await fetch(a.forward, {
          method: 'POST',
          headers: {
            'content-encoding': String(req.headers['content-encoding']),
            'content-type': String(req.headers['content-type']),
            'x-prometheus-remote-write-version': String(req.headers['x-prometheus-remote-write-version']),
          },
          body: raw,
        });
        res.writeHead(forwarded.status, { 'content-type': 'text/plain' }).end(await forwarded.text());
        return;
      }
      if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers }).end(a.body ?? '');
    } finally {
      active--;
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return receiver;
}

/** A remote-write client for a test receiver: no retries, no waiting, a fixed clock. */
export function clientFor(url: string): RemoteWriteClient {
  return new RemoteWriteClient(
    { url, headers: {}, timeoutMs: 5000, retries: 0, backoff: { minMs: 1, maxMs: 1 } },
    { random: () => 0.5, sleep: async () => {}, now: () => 0 },
  );
}
