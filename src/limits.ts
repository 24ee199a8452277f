/**
 * The bounds a simulation can honour, in one place. The scenario schema, the control API (PUT /api/v1/profile),
 * the CLI flags and the HTTP server all read them from here, so a value is accepted or refused the same way
 * wherever it enters. docs/limits.md gives the memory and time each bound implies, and why it was chosen.
 *
 * Bottom level: imports nothing from src. Durations are in milliseconds unless the name says otherwise.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const LIMITS = {
  // Time
  /** A scenario's `duration`: a month of live demo; verify is further bounded by `virtualSamples`. */
  scenarioDurationMs: 30 * DAY,
  /** `warmup`: the longest alert window is 24 h; a week covers weekly patterns. */
  warmupMs: 7 * DAY,
  /** `step`: Prometheus scrape intervals; below 1 s the sample count explodes for nothing an alert can see. */
  stepMinMs: SECOND,
  stepMaxMs: HOUR,
  /**
   * Wall-clock span a run (warm-up included) must lie in, ms since epoch. Prometheus keeps some times as int64
   * nanoseconds (up to 2262-04-11): a run in 9999 was stored as 0 samples; before 1970, timestamps are negative.
   */
  earliestRunMs: 0,
  latestRunMs: Date.UTC(2200, 0, 1),
  /** Phases per scenario: every arrival looks the phase up. */
  phases: 100,

  // Traffic
  /** `traffic.rate` and a phase's rate, arrivals per second. */
  arrivalsPerSecond: 1000,

  // The generation profile
  /** Medians of `ttft`, `cache.latency`, `templates.latency`, `claude.error_latency`, in seconds. */
  latencyMedianSeconds: HOUR / SECOND,
  /** Log-normal sigma: above 3 the mean is more than 90× the median, not a latency. */
  sigma: 3,
  /** `claude.timeout`, seconds (and more than 0). */
  timeoutSeconds: HOUR / SECOND,
  /** `traffic.shape.weekend_factor`: a weekend ten times the weekdays' traffic is already an event, not a pattern. */
  weekendFactor: 10,
  /** `claude.hang.duration`, seconds: a month-long hang at speed 1 is legitimate (timers are chunked). */
  hangSeconds: (30 * DAY) / SECOND,
  /** `tokens_per_second.median`: a positive streaming speed. */
  tokensPerSecondMin: 0.1,
  tokensPerSecondMax: 100_000,
  /** Any token count (output median and max, input and cached prompt tokens): the largest context window. */
  tokens: 1_000_000,
  /** A model's weight in `claude.models`. */
  modelWeight: 1_000_000,
  /** A price, USD per million tokens (Opus 4.5 output is 25). */
  pricePerMillionTokens: 10_000,

  // Label values, and the series they make
  /** Model ids: what Anthropic, Bedrock and Vertex ids are made of (`us.anthropic.…-v1:0`, `…@20251101`). */
  modelIdPattern: /^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/,
  modelIdLength: 100,
  /** Error types are snake_case. */
  errorTypePattern: /^[a-z][a-z0-9_]*$/,
  errorTypeLength: 64,
  /** Distinct models one run may name (scenario, phases and live overrides together); each is ~10 series. */
  modelsPerRun: 50,
  /** Distinct error types one run may name; each is 2 series. */
  errorTypesPerRun: 50,
  /** `fleet.replicas`: each replica is a copy of every series. */
  replicas: 50,
  /** `user_id_label.users`: each user is a series per source and model. */
  users: 10_000,
  /** Exposed series (every histogram bucket counts) of one run: ~105 bytes of /metrics each, ~5 MB at the bound. */
  seriesPerRun: 50_000,
  /** Generations in flight, by Little's law (rate × mean generation time): ~270 bytes each, 27 MB at the bound. */
  inFlightGenerations: 100_000,

  // Virtual runs (verify, export)
  /** Generations simulated by one virtual run: ~1.4 M/s on one core, so ~20 s at the bound. */
  virtualGenerations: 25_000_000,
  /**
   * Samples (steps × series × pods) of one virtual run: 30 days of the baseline at 15 s (19.3 M) and a day of 650
   * users with a day of warm-up (31.2 M) fit. verify keeps only the series its rules read and sends them by remote
   * write, less the idle per-user ones: see docs/limits.md for the memory.
   */
  virtualSamples: 32_000_000,
  /**
   * Samples of one `push`: its time (about 80 s at the bound into a local receiver). Not its memory: a push holds 6 h
   * of the run at a time (push-history.ts), whatever the span.
   */
  pushSamples: 60_000_000,

  // Live runs
  /** `--speed`: simulated seconds per real second. */
  speedMin: 0.01,
  speedMax: 10_000,
  /** Scenario arrivals per real second (peak rate × speed) a live run keeps up with on one core. */
  liveGenerationsPerSecond: 50_000,

  // Input
  /** A scenario file, bytes. */
  scenarioFileBytes: 1024 * 1024,
  /** A Grafana dashboard JSON verify judges, bytes (the shipped one is ~25 KB; Grafana's large boards ~1 MB). */
  dashboardFileBytes: 4 * 1024 * 1024,
  /** Panel queries verify judges per dashboard: each is one query_range per scenario. */
  dashboardTargets: 200,
  /** YAML aliases one scenario document may expand (the `yaml` package's `maxAliasCount`). */
  yamlAliases: 100,
  /**
   * Mapping keys in one scenario document (a file or a PUT body): 100 phases each naming 50 models and 50 error types
   * is ~10,000. Duplicates are found with a set per mapping, so the cost is linear up to this bound.
   */
  documentKeys: 20_000,
  /** Mappings and lists nested in one another (the root is 1): the format itself needs 6 (`phases[].profile.claude.ttft`). */
  documentDepth: 16,
  /** A request body, bytes. */
  requestBodyBytes: 16 * 1024,

  // The demo's Prometheus, which anyone who reaches the page queries through its proxy
  /**
   * Samples one query may hold in memory (`--query.max-samples`; Prometheus' default is 50 M). The page's heaviest
   * panel peaks at ~12,700 (viral-day at ×60, `stats=all`); a query written to exhaust memory is refused at once,
   * Prometheus staying under 400 MB (at 5 M it reached 509 MB; unbounded, 866 MB for one query).
   */
  demoQuerySamples: 1_000_000,
  /** `--query.timeout`: the proxy gives up after as long, so Prometheus stops working on what no one waits for. */
  demoQueryTimeoutMs: 10 * SECOND,
  /** `--query.max-concurrency`: the page sends a panel's queries a few at a time; more wait their turn. */
  demoQueryConcurrency: 4,

  // backtest: queries against someone's production query API
  /** `--from`..`--to`: a quarter. At a 1 m interval one alert is 131,000 points, 14 queries of 10,000 points. */
  backtestSpanMs: 92 * DAY,
  /** Series one alert's expression may return over the span: more is a rule that does not aggregate, not an alert. */
  backtestSeriesPerAlert: 2_000,
  /** Range queries in one backtest (chunks × alerts): a bounded load on the query API. */
  backtestQueries: 5_000,

  // HTTP connections
  /** Time to receive a whole request, headers and body: a slow-body client is cut off after it. */
  requestTimeoutMs: 10 * SECOND,
  /** Time to receive the headers. */
  headersTimeoutMs: 5 * SECOND,
  /** Idle keep-alive connections are closed after this (Prometheus scrapes every 15 s reuse theirs). */
  keepAliveTimeoutMs: 30 * SECOND,
  /** How often the server looks for requests past their timeout. */
  connectionsCheckingIntervalMs: SECOND,

  // Timers
  /** Node's longest timer: a longer delay fires at once, so longer waits are chunked. */
  timerMs: 2 ** 31 - 1,
} as const;

/**
 * A number with thousands separators, as messages quote limits: `100,000` (en-US). Without Intl for safe integers:
 * its first use costs ~10 ms of a command's start-up, where `validate` quotes limits and estimates.
 */
export function formatLimit(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return n < 0 ? `-${out}` : out;
}
