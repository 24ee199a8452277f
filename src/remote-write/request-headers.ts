/**
 * The headers a receiver wants besides remote write's own: basic auth or a bearer token (from a flag, a file or an
 * environment variable, so that a secret need not sit in the shell history or `ps`), and custom headers such as
 * Mimir's `X-Scope-OrgID`. Every mistake is a UsageError naming the flag.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

export const REMOTE_WRITE_TOKEN_ENV = 'LUNAR_SIM_REMOTE_WRITE_TOKEN';
export const PASSWORD_ENV = 'LUNAR_SIM_REMOTE_WRITE_PASSWORD';

/** Limits: a secret file is a line, a header is a line, and a request needs a handful of them. */
export const HEADER_LIMITS = { secretFileBytes: 64 * 1024, headers: 32, valueChars: 8192 } as const;

export interface HeaderOptions {
  bearerToken?: string;
  bearerTokenFile?: string;
  username?: string;
  password?: string;
  passwordFile?: string;
  /** `Name: value`, as curl's -H takes them. */
  headers?: readonly string[];
}

const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the client itself: a custom value would break the request. */
const RESERVED = ['content-encoding', 'content-type', 'content-length', 'x-prometheus-remote-write-version', 'host', 'transfer-encoding'];

function secretFile(flag: string, file: string): string {
  let text: string;
  try {
    const stats = statSync(file);
    // A FIFO or a device reports size 0 and would block or never end: only regular files.
    if (!stats.isFile()) throw new UsageError(`--${flag} ${file}: not a regular file`);
    if (stats.size > HEADER_LIMITS.secretFileBytes) throw new UsageError(`--${flag} ${file}: larger than ${HEADER_LIMITS.secretFileBytes} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const secret = text.trim();
  if (!secret) throw new UsageError(`--${flag} ${file}: the file is empty`);
  return secret;
}

/** One secret from at most one of a flag and a file, else the environment variable. */
function secret(flag: string, value: string | undefined, fileFlag: string, file: string | undefined, envVar: string, env: NodeJS.ProcessEnv): string | undefined {
  if (value !== undefined && file !== undefined) throw new UsageError(`pass --${flag} or --${fileFlag}, not both`);
  const found = file !== undefined ? secretFile(fileFlag, file) : value ?? env[envVar];
  if (found !== undefined && found.trim() === '') throw new UsageError(`--${flag}: empty (or ${envVar} is set but empty)`);
  return found?.trim();
}

function checkValue(what: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new UsageError(`${what}: a header value cannot hold a line break`);
  if (value.length > HEADER_LIMITS.valueChars) throw new UsageError(`${what}: longer than ${HEADER_LIMITS.valueChars} characters`);
}

function customHeaders(lines: readonly string[]): Record<string, string> {
  if (lines.length > HEADER_LIMITS.headers) throw new UsageError(`--header: at most ${HEADER_LIMITS.headers} headers`);
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!TOKEN_CHARS.test(name)) throw new UsageError(`--header ${JSON.stringify(line)}: expected "Name: value"`);
    if (RESERVED.includes(name.toLowerCase())) throw new UsageError(`--header ${name}: set by remote write itself`);
    const value = line.slice(colon + 1).trim();
    checkValue(`--header ${name}`, value);
    out[name] = value;
  }
  return out;
}

/** The headers to send with every request; `env` supplies the secrets' environment variables. */
export function requestHeaders(o: HeaderOptions, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const headers = customHeaders(o.headers ?? []);
  const token = secret('bearer-token', o.bearerToken, 'bearer-token-file', o.bearerTokenFile, REMOTE_WRITE_TOKEN_ENV, env);
  const basic = o.username !== undefined || o.password !== undefined || o.passwordFile !== undefined;
  const custom = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  if ((token !== undefined || basic) && custom) throw new UsageError('--header Authorization: conflicts with the auth flags');
  if (basic) {
    if (token !== undefined) throw new UsageError(`basic auth and a bearer token exclude each other (is ${REMOTE_WRITE_TOKEN_ENV} set?)`);
    if (!o.username) throw new UsageError('--basic-auth-password needs --basic-auth-username');
    if (o.username.includes(':')) throw new UsageError('--basic-auth-username: cannot contain ":"');
    const password = secret('basic-auth-password', o.password, 'basic-auth-password-file', o.passwordFile, PASSWORD_ENV, env);
    if (password === undefined) throw new UsageError(`--basic-auth-username needs a password: --basic-auth-password-file, or ${PASSWORD_ENV}`);
    checkValue('--basic-auth-username', o.username);
    headers.Authorization = `Basic ${Buffer.from(`${o.username}:${password}`).toString('base64')}`;
  } else if (token !== undefined) {
    checkValue('--bearer-token', token);
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}
