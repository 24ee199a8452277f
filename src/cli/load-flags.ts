/** `lunar-sim load`'s flags, checked against LOAD_LIMITS and turned into a load plan; one-line usage errors. */
import { UsageError } from '../errors.js';
import type { ArrivalProcess } from '../load/arrivals.js';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../load/limits.js';
import { endpointUrl, type LoadPlan } from '../load/runner.js';
import { constantSchedule, parseStages, rampingSchedule, type Schedule } from '../load/schedule.js';
import { durationArg, rateArg, wholeNumberArg } from './arguments.js';
import { TOKEN_ENV } from './token.js';
import { parseShare, type Thresholds } from '../load/thresholds.js';
import { redactUrl } from '../remote-write/redact.js';

export interface LoadFlags {
  url: string;
  rate?: string;
  duration?: string;
  stages?: string;
  requests?: number;
  arrivals: string;
  maxInFlight: number;
  grace: string;
  timeout: string;
  token?: string;
  seed: number;
  maxDropped: string;
  maxErrors: string;
  minRate: string;
  p95?: string;
  p99?: string;
  objective: string;
  workers: number;
}

// `load` reads the token from TOKEN_ENV, the variable `run` takes it from, when `--token` is absent.

const HEADER_SAFE = /^[\x21-\x7e]+$/;

function tokenFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const [source, token] = flag !== undefined ? ['--token', flag] : [TOKEN_ENV, env[TOKEN_ENV] || undefined];
  if (token === undefined) return undefined;
  // The value is a secret: the message never repeats it.
  if (!HEADER_SAFE.test(token) || token.length > LOAD_LIMITS.maxTokenLength) {
    throw new UsageError(`${source}: expected printable characters without spaces, at most ${LOAD_LIMITS.maxTokenLength}`);
  }
  return token;
}

function urlFrom(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${text}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url ${redactUrl(text)}: expected an http:// or https:// URL`);
  // Never sent (the pool connects to the origin) and never printed: refused without repeating them.
  if (url.username || url.password) throw new UsageError('--url: credentials in the URL are not sent; give a bearer token with --token or LUNAR_SIM_TOKEN');
  return endpointUrl(url.href);
}

function scheduleFrom(f: LoadFlags): Schedule {
  const max = LOAD_LIMITS.maxDurationMs;
  if (f.stages !== undefined) {
    if (f.rate !== undefined) throw new UsageError('--stages and --rate cannot be used together: the stages set the rate');
    if (f.duration !== undefined) throw new UsageError('--stages and --duration cannot be used together: the stages set the length');
    const stages = parseStages(f.stages);
    if (typeof stages === 'string') throw new UsageError(`--stages ${f.stages}: ${stages}`);
    return rampingSchedule(stages);
  }
  const rate = rateArg('rate', f.rate ?? LOAD_DEFAULTS.rate, LOAD_LIMITS.maxRate);
  // --requests alone runs until that many arrivals, within the longest schedule allowed.
  const fallback = f.requests !== undefined ? undefined : LOAD_DEFAULTS.duration;
  const durationMs = durationArg('duration', f.duration ?? fallback, { positive: true, max }) ?? max;
  return constantSchedule(rate, durationMs);
}

function shareArg(name: string, text: string): number {
  const share = parseShare(text);
  if (share === null) throw new UsageError(`--${name} ${text}: expected a share such as 10% or 0.1, from 0 to 100%`);
  return share;
}

/** `--p95 500ms` or `--p95 500` (milliseconds). */
function latencyArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bare = /^\d+(\.\d+)?$/.test(text.trim()) ? `${text.trim()}ms` : text;
  return durationArg(name, bare, { positive: true, max: LOAD_LIMITS.maxTimeoutMs });
}

function thresholdsFrom(f: LoadFlags): Thresholds {
  return {
    maxDropped: shareArg('max-dropped', f.maxDropped),
    maxErrors: shareArg('max-errors', f.maxErrors),
    minRate: shareArg('min-rate', f.minRate),
    p95Ms: latencyArg('p95', f.p95),
    p99Ms: latencyArg('p99', f.p99),
  };
}

/** The plan the flags describe (the signal and progress are the command's business). */
export function planFromFlags(f: LoadFlags, env: NodeJS.ProcessEnv): LoadPlan {
  const L = LOAD_LIMITS;
  const url = urlFrom(f.url);
  const requests = wholeNumberArg('requests', f.requests, 1, L.maxRequests);
  const plan: LoadPlan = {
    url,
    schedule: scheduleFrom({ ...f, requests }),
    arrivals: f.arrivals as ArrivalProcess,
    seed: wholeNumberArg('seed', f.seed, 0, 2 ** 32 - 1)!,
    maxInFlight: wholeNumberArg('max-in-flight', f.maxInFlight, 1, L.maxInFlight)!,
    requests,
    graceMs: durationArg('grace', f.grace, { max: L.maxGraceMs })!,
    timeoutMs: durationArg('timeout', f.timeout, { positive: true, max: L.maxTimeoutMs })!,
    token: tokenFrom(f.token, env),
    thresholds: thresholdsFrom(f),
    objectiveMs: latencyArg('objective', f.objective),
  };
  if (plan.timeoutMs < L.minTimeoutMs) throw new UsageError(`--timeout ${f.timeout}: at least ${L.minTimeoutMs}ms`);
  return plan;
}
