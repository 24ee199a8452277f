/**
 * One request and its answer, as an undici dispatch handler: callbacks instead of a promise and a body stream per
 * response, so the send path allocates little. The objects are recycled: a run keeps at most `maxInFlight` of them,
 * reused from request to request.
 */
import type { Dispatcher } from 'undici';

/** Answers larger than this are not searched for their `source`, only drained. */
const MAX_PARSED_BODY = 1 << 20;

/** Where the answer names its source; the simulator writes `source` before the free text. */
const SOURCE_FIELD = Buffer.from('"source":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_SOURCE_BYTES = 64;

/** What the run does with an exchange that ended. */
export interface ExchangeOwner {
  /** The request is being written on its connection (it may have waited behind another for it). */
  written(x: Exchange): void;
  answered(x: Exchange, status: number, source: string | null): void;
  failed(x: Exchange, error: Error): void;
}

export class Exchange implements Dispatcher.DispatchHandler {
  dueMs = 0;
  /** When it was handed to the pool, then when it went on the wire (its owner sets it in `written`). */
  sentMs = 0;
  /** Which connection of the pool carries it (connection-pool.ts). */
  connection = -1;
  private status = 0;
  /** Set once it went on the wire: undici calls onConnect again when it retries a request, counted once. */
  private written = false;
  private collecting = false;
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly owner: ExchangeOwner) {}

  /** Ready for a new request due at `dueMs`, sent at `sentMs`. */
  reset(dueMs: number, sentMs: number): this {
    this.dueMs = dueMs;
    this.sentMs = sentMs;
    this.status = 0;
    this.written = false;
    this.collecting = false;
    this.chunks.length = 0;
    this.size = 0;
    return this;
  }

  onConnect(): void {
    if (this.written) return;
    this.written = true;
    this.owner.written(this);
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    this.collecting = statusCode === 200;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (!this.collecting) return true;
    this.size += chunk.length;
    if (this.size > MAX_PARSED_BODY) {
      this.collecting = false;
      this.chunks.length = 0;
    } else {
      this.chunks.push(chunk);
    }
    return true;
  }

  onComplete(): void {
    // A 200 too large to search names no source, like an answer other than 200.
    const source = this.status === 200 && this.size <= MAX_PARSED_BODY ? sourceIn(this.body()) : null;
    this.chunks.length = 0;
    this.owner.answered(this, this.status, source);
  }

  onError(error: Error): void {
    this.chunks.length = 0;
    this.owner.failed(this, error);
  }

  private body(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
  }
}

/**
 * The `source` string an answer names, `unparsable` when it has no `"source":"…"` (a plain string, at most 64
 * bytes): a search in the bytes, not a JSON parse of the whole answer.
 */
export function sourceIn(body: Buffer): string {
  const start = body.indexOf(SOURCE_FIELD);
  if (start < 0) return 'unparsable';
  const from = start + SOURCE_FIELD.length;
  const end = body.indexOf(QUOTE, from);
  if (end < 0 || end - from > MAX_SOURCE_BYTES || body.subarray(from, end).includes(BACKSLASH)) return 'unparsable';
  return body.toString('utf8', from, end);
}
