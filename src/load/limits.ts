/**
 * The bounds of `lunar-sim load`, stated once: the CLI refuses anything outside them with a one-line error, and the
 * library trusts what it is given. Each bound says what it protects.
 */
export const LOAD_LIMITS = {
  /** Arrivals per second. One Node process sends a few thousand per second; more than this is a typo. */
  maxRate: 20_000,
  /** Length of a schedule (one `--duration` or all `--stages` together): a day, so a run ends on its own. */
  maxDurationMs: 86_400_000,
  /** Ramping stages: a schedule, not a trace. */
  maxStages: 100,
  /** Requests in flight at once: each holds a socket (a file descriptor) and its buffers. */
  maxInFlight: 10_000,
  /** `--requests N`. */
  maxRequests: 10_000_000,
  /** How long requests still open at the end may take to finish before they are aborted. */
  maxGraceMs: 600_000,
  /** One request's own timeout. */
  minTimeoutMs: 100,
  maxTimeoutMs: 600_000,
  /** `--workers`: threads of one process; more than the cores only adds switching, past one machine use k6. */
  maxWorkers: 16,
  /** A bearer token: enough for any JWT, small enough for one header. */
  maxTokenLength: 4096,
} as const;

/** Defaults, shared by the CLI and its documentation. */
export const LOAD_DEFAULTS = {
  rate: '10/s',
  duration: '60s',
  maxInFlight: 1000,
  grace: '30s',
  timeout: '120s',
  /** The latency objective of goodput: the k6 scripts' p95 threshold. */
  objective: '30s',
  maxDropped: '10%',
  maxErrors: '10%',
  minRate: '90%',
} as const;
