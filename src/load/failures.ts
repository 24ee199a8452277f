/**
 * Why a request got no answer, from the error the HTTP client raised. The kinds separate a target that cannot be
 * reached (nothing listens, no route) from one that accepted the request and then failed it, because the advice
 * differs: a cap or a rate is never the fix for a target that is down.
 */

export const FAILURE_KINDS = ['connection_refused', 'connect_timeout', 'unreachable', 'timeout', 'reset', 'too_many_open_files', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Words for each kind, as counted in the report: "5 connections refused". */
export const FAILURE_WORDS: Record<FailureKind, [one: string, many: string]> = {
  connection_refused: ['connection refused', 'connections refused'],
  connect_timeout: ['connection attempt timed out', 'connection attempts timed out'],
  unreachable: ['host unreachable', 'hosts unreachable'],
  timeout: ['request timed out', 'requests timed out'],
  reset: ['connection closed mid-request', 'connections closed mid-request'],
  too_many_open_files: ['socket refused: too many open files', 'sockets refused: too many open files'],
  other: ['other error', 'other errors'],
};

const BY_CODE: Record<string, FailureKind> = {
  ECONNREFUSED: 'connection_refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
  ETIMEDOUT: 'connect_timeout',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  EMFILE: 'too_many_open_files',
  ENFILE: 'too_many_open_files',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Several addresses tried at once (localhost: ::1 and 127.0.0.1) fail as an AggregateError of socket errors.
  if (Array.isArray(e.errors) && e.errors.length > 0) return codeOf(e.errors[0]);
  return e.cause === undefined ? undefined : codeOf(e.cause);
}

export function failureKind(error: unknown): FailureKind {
  return BY_CODE[codeOf(error) ?? ''] ?? 'other';
}

/** True when the request never reached a listening target. */
export function isUnreachable(kind: FailureKind): boolean {
  return kind === 'connection_refused' || kind === 'connect_timeout' || kind === 'unreachable';
}
