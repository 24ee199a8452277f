/** A webhook receiver, for the live drill test. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
