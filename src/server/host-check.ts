/**
 * The Host header check against DNS rebinding: a page on attacker.example whose name is made to resolve to 127.0.0.1
 * would otherwise reach the simulator from the victim's browser — change its profile, read the demo's Prometheus,
 * post to its inbox. Accepted, as browser-facing dev servers do (Vite's `server.allowedHosts`): IP literals (a page
 * loaded from an IP is the server's own origin, which no rebinding produces), `localhost` and `*.localhost`, and the
 * names given (the name bound, and those of `--allowed-host`). A request without a Host (HTTP/1.0) comes from no
 * browser and passes.
 */
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

/** `name` of `name:port`, `[v6]:port`, lower case, without a trailing dot. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** True when `name` (from hostName) can be answered without a rebinding risk, or is one of `allowed`. */
export function hostAllowed(name: string, allowed: ReadonlySet<string>): boolean {
  if (isIP(name) !== 0 || (name.startsWith('[') && isIP(name.slice(1, -1)) === 6)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.has(name);
}

/** Host headers remembered as accepted: clients send the same one on every request. */
const REMEMBERED_HOSTS = 64;

/**
 * An onRequest hook that answers 403 `host_not_allowed` to any other Host. Callback style, and a Host header already
 * accepted is not parsed again: it runs before every request, the generation endpoint's included.
 */
export function requireKnownHost(names: readonly string[]) {
  const allowed = new Set(names.map(hostName));
  const accepted = new Set<string>();
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const header = request.headers.host;
    if (header === undefined || accepted.has(header)) return done();
    const name = hostName(header);
    if (hostAllowed(name, allowed)) {
      if (accepted.size < REMEMBERED_HOSTS) accepted.add(header);
      return done();
    }
    const shown = name.replace(/[^\x21-\x7e]/g, '?');
    // Answered here: the request goes no further (done is not called).
    sendError(reply, 403, {
      error: 'host_not_allowed',
      message:
        `Host "${shown}" is not a name this server answers to (IP addresses, localhost and the names given with ` +
        `--allowed-host are): add --allowed-host ${shown} to accept it`,
    });
  };
}
