/** The remote-write flags `push` and `run --remote-write` share, checked and turned into a client. */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { DEFAULT_BACKOFF } from '../remote-write/backoff.js';
import { RemoteWriteClient, sleep, type RetryNotice } from '../remote-write/client.js';
import { durationArg, wholeNumberArg } from './arguments.js';
import { AUTH_FLAGS, authHeaders, withAuthOptions, type AuthArgs } from './auth-options.js';

export interface RemoteWriteArgs extends AuthArgs {
  timeout: string;
  retries: number;
  batchSize: number;
  job: string;
  instance: string;
}

/** Limits of the remote-write flags, stated once (docs/cli.md repeats them). */
export const REMOTE_WRITE_LIMITS = {
  batchSize: [2, 100_000],
  retries: [0, 20],
  timeoutMs: [1000, 600_000],
  labelChars: 256,
} as const;

/** The flags below, under their own heading in `--help`, after the command's own. */
export const REMOTE_WRITE_GROUP = 'Remote write:';

export function withRemoteWriteOptions<T>(y: Argv<T>): Argv<T & RemoteWriteArgs> {
  return withAuthOptions(y)
    .option('timeout', { type: 'string', default: '30s', describe: 'timeout of each request attempt (1s to 10m)' })
    .option('retries', { type: 'number', default: 8, describe: 'retries of a request on 5xx, 429 or a network error (0 to 20)' })
    .option('batch-size', { type: 'number', default: 20_000, describe: 'most samples per request (2 to 100000)' })
    .option('job', { type: 'string', default: 'lunar-sim', describe: 'job label of every series sent' })
    .option('instance', { type: 'string', default: 'lunar-sim', describe: 'instance label of every series sent' })
    .group([...AUTH_FLAGS, 'timeout', 'retries', 'batch-size', 'job', 'instance'], REMOTE_WRITE_GROUP) as unknown as Argv<T & RemoteWriteArgs>;
}

function labelValue(flag: string, value: string): string {
  if (value === '' || value.length > REMOTE_WRITE_LIMITS.labelChars || /[\r\n\0]/.test(value)) {
    throw new UsageError(`--${flag}: 1 to ${REMOTE_WRITE_LIMITS.labelChars} characters on one line`);
  }
  return value;
}

/** `--url`/`--remote-write`: an http(s) URL. */
export function receiverUrl(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--${flag} ${text}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--${flag} ${text}: expected http:// or https://`);
  if (url.username || url.password) throw new UsageError(`--${flag}: put credentials in --basic-auth-username and a password file, not in the URL`);
  return url.href;
}

/** job and instance labels of every series sent. */
export function seriesLabels(argv: RemoteWriteArgs): Record<string, string> {
  return { job: labelValue('job', argv.job), instance: labelValue('instance', argv.instance) };
}

/** Most samples per request, checked. */
export function batchSize(argv: RemoteWriteArgs): number {
  return wholeNumberArg('batch-size', argv.batchSize, ...REMOTE_WRITE_LIMITS.batchSize)!;
}

/**
 * A client for `url` from the flags. Jitter uses Math.random on purpose: its job is to keep separate senders from
 * retrying in step, which a shared seed would defeat; tests inject a seeded stream instead.
 */
export function remoteWriteClient(url: string, argv: RemoteWriteArgs, onRetry: (n: RetryNotice) => void): RemoteWriteClient {
  const timeoutMs = durationArg('timeout', argv.timeout, { positive: true })!;
  const [minTimeout, maxTimeout] = REMOTE_WRITE_LIMITS.timeoutMs;
  if (timeoutMs < minTimeout || timeoutMs > maxTimeout) throw new UsageError(`--timeout ${argv.timeout}: expected 1s to 10m`);
  const client = new RemoteWriteClient(
    {
      url,
      headers: authHeaders(argv),
      timeoutMs,
      retries: wholeNumberArg('retries', argv.retries, ...REMOTE_WRITE_LIMITS.retries)!,
      backoff: DEFAULT_BACKOFF,
    },
    { random: Math.random, sleep, now: Date.now },
  );
  client.onRetry = onRetry;
  return client;
}
