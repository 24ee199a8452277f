/**
 * The authentication flags of commands that talk to someone's Prometheus-compatible server (`push`, `run
 * --remote-write`, `backtest`): basic auth or a bearer token, from a flag, a file or the environment, and extra
 * headers. Turned into request headers by remote-write/request-headers.ts.
 */
import type { Argv } from 'yargs';
import { PASSWORD_ENV, REMOTE_WRITE_TOKEN_ENV, requestHeaders } from '../remote-write/request-headers.js';

export interface AuthArgs {
  bearerToken?: string;
  bearerTokenFile?: string;
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  basicAuthPasswordFile?: string;
  header: string[];
}

/** The flag names, for a command's `--help` group. */
export const AUTH_FLAGS = ['bearer-token', 'bearer-token-file', 'basic-auth-username', 'basic-auth-password', 'basic-auth-password-file', 'header'];

export function withAuthOptions<T>(y: Argv<T>): Argv<T & AuthArgs> {
  return y
    .option('bearer-token', { type: 'string', describe: `bearer token (safer: --bearer-token-file or ${REMOTE_WRITE_TOKEN_ENV})` })
    .option('bearer-token-file', { type: 'string', describe: 'file holding the bearer token' })
    .option('basic-auth-username', { type: 'string', describe: 'basic auth user (Grafana Cloud: the instance id)' })
    .option('basic-auth-password', { type: 'string', describe: `basic auth password (safer: --basic-auth-password-file or ${PASSWORD_ENV})` })
    .option('basic-auth-password-file', { type: 'string', describe: 'file holding the basic auth password' })
    .option('header', { type: 'string', array: true, default: [] as string[], describe: 'extra header "Name: value" (repeatable), e.g. "X-Scope-OrgID: team"' }) as unknown as Argv<
    T & AuthArgs
  >;
}

/** The headers the flags ask for, checked. */
export function authHeaders(argv: AuthArgs): Record<string, string> {
  return requestHeaders({
    bearerToken: argv.bearerToken,
    bearerTokenFile: argv.bearerTokenFile,
    username: argv.basicAuthUsername,
    password: argv.basicAuthPassword,
    passwordFile: argv.basicAuthPasswordFile,
    headers: argv.header,
  });
}
