/**
 * Bearer-token check for mutating requests. The server binds 127.0.0.1 unless given a token, so an exposed
 * simulator can never be steered by anyone who reaches it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when `given` is `expected`, compared in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An onRequest hook that refuses mutating requests without `Authorization: Bearer <token>`. */
export function requireToken(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (SAFE_METHODS.has(request.method)) return;
    const header = request.headers.authorization ?? '';
    // The scheme is case-insensitive and may be followed by several spaces (RFC 9110 §11.1, §11.4).
    const match = /^bearer +(\S+)$/i.exec(header);
    if (!match || !sameSecret(match[1], token)) {
      await sendError(reply.header('www-authenticate', 'Bearer'), 401, {
        error: 'unauthorized',
        message: 'this server needs Authorization: Bearer <token> for changes',
      });
    }
  };
}
