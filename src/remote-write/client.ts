/**
 * Sends remote-write bodies to one receiver: snappy block compression, the three headers the 1.0 spec requires,
 * auth and custom headers, a timeout per attempt, and retries with backoff on what may pass (5xx, 429, network
 * errors, timeouts). Any other 4xx is final: the same bytes would be refused again. A redirect is never followed:
 * fetch would turn a 301/302 into a GET without the body (and report the GET's 200 as stored), and re-sending the
 * body to wherever a 307/308 points is the receiver's operator's decision, not ours. It is final, naming the Location.
 */
import { compress } from 'snappyjs';
import { RemoteWriteError } from '../errors.js';
import { backoffDelay, retryAfterMs, type BackoffPolicy } from './backoff.js';
import { redactUrl, scrub, secretsOf } from './redact.js';

export interface RemoteWriteConfig {
  /** The receiver's write endpoint, e.g. http://127.0.0.1:9090/api/v1/write */
  url: string;
  /** Auth and custom headers, already resolved (see request-headers.ts). */
  headers: Readonly<Record<string, string>>;
  /** Per attempt, ms. */
  timeoutMs: number;
  /** Retries after the first attempt (0: none). */
  retries: number;
  backoff: BackoffPolicy;
}

/** What the client needs from the outside world, injected so that tests are deterministic. */
export interface ClientEnvironment {
  /** Uniform in [0, 1): the jitter of the backoff. */
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall clock, ms: only to read a Retry-After given as a date. */
  now: () => number;
}

export interface ClientStats {
  /** Requests the receiver accepted. */
  requests: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  /** Compressed bytes of the accepted requests. */
  bytes: number;
  /** The same requests before compression. */
  rawBytes: number;
}

/** One failed attempt, as a retry notice reports it. */
export interface RetryNotice {
  reason: string;
  retry: number;
  delayMs: number;
}

const REMOTE_WRITE_HEADERS = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
  'User-Agent': 'lunar-sim',
} as const;

/** How much of a refusal's body is read and shown: receivers explain in a line or two. */
const ERROR_BODY_LIMIT = 4096;
const ERROR_MESSAGE_CHARS = 300;

type Attempt = { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** Real sleeping, cut short by an abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

export class RemoteWriteClient {
  readonly config: RemoteWriteConfig;
  readonly stats: ClientStats = { requests: 0, retries: 0, bytes: 0, rawBytes: 0 };
  /** The URL as printed: credential-like query parameters redacted (redact.ts). */
  readonly shownUrl: string;
  private readonly env: ClientEnvironment;
  private readonly headers: Record<string, string>;
  /** What must never be printed: header values, credentials, secret query parameters. */
  private readonly secrets: string[];
  /** Called before each retry (progress output). */
  onRetry: (notice: RetryNotice) => void = () => {};

  constructor(config: RemoteWriteConfig, env: ClientEnvironment) {
    this.config = config;
    this.env = env;
    this.headers = { ...config.headers, ...REMOTE_WRITE_HEADERS };
    this.shownUrl = redactUrl(config.url);
    this.secrets = secretsOf(config.url, config.headers);
  }

  /**
   * Compresses and sends one WriteRequest, retrying what may pass. Throws RemoteWriteError when the receiver
   * refuses it or every retry failed; rethrows the abort reason when `signal` aborts.
   */
  async send(request: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<void> {
    const body = compress(request);
    for (let retry = 0; ; retry++) {
      const outcome = await this.attempt(body, signal);
      // A receiver may echo the request (headers, URL) in its answer: nothing secret leaves this function.
      if (!outcome.ok) outcome.reason = scrub(outcome.reason, this.secrets);
      if (outcome.ok) {
        this.stats.requests++;
        this.stats.bytes += body.length;
        this.stats.rawBytes += request.length;
        return;
      }
      if (!outcome.retryable) throw new RemoteWriteError(`${this.shownUrl} ${outcome.reason}`, true);
      if (retry >= this.config.retries) {
        throw new RemoteWriteError(`${this.shownUrl}: gave up after ${this.config.retries} retries: ${outcome.reason}`, false);
      }
      const delayMs = backoffDelay(this.config.backoff, retry, this.env.random(), outcome.retryAfterMs);
      this.stats.retries++;
      this.onRetry({ reason: outcome.reason, retry: retry + 1, delayMs });
      await this.env.sleep(delayMs, signal);
    }
  }

  private async attempt(body: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: 'POST',
        headers: this.headers,
        body,
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) return { ok: false, retryable: true, reason: `no answer within ${this.config.timeoutMs / 1000} s` };
      return { ok: false, retryable: true, reason: networkReason(e) };
    }
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true };
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { ok: false, retryable: false, reason: redirectReason(response, this.config.url) };
    }
    const message = await boundedText(response);
    const status = `HTTP ${response.status} ${response.statusText}${message ? `: ${message}` : ''}`;
    const retryable = response.status === 429 || response.status >= 500;
    const reason = retryable ? status : `refused the samples: ${status}`;
    return { ok: false, retryable, reason, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.env.now()) };
  }
}

/** A 3xx in words: where it points, and what to do (the samples were not stored). */
function redirectReason(response: Response, url: string): string {
  const location = response.headers.get('location');
  let target = 'no Location';
  if (location) {
    try {
      target = redactUrl(new URL(location, url).href);
    } catch {
      target = location;
    }
  }
  const where = location ? `a redirect to ${target}` : 'a redirect without a Location';
  return (
    `answered HTTP ${response.status} ${response.statusText}, ${where}: remote write does not follow redirects ` +
    `(nothing was stored); ${location ? `pass that URL as the endpoint` : 'check the endpoint URL'}`
  );
}

/** The cause of a failed fetch in a few words (ECONNREFUSED, ECONNRESET, ...). */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return `network error: ${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))}`;
}

/** The start of a response body as one line: a refusal's explanation without letting a receiver flood us. */
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // a body cut short still explains something
  } finally {
    void reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_MESSAGE_CHARS ? `${line.slice(0, ERROR_MESSAGE_CHARS)}…` : line;
}
