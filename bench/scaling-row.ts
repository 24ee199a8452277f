/**
 * One row of the bench's scaling table, in its own process so that its memory is its own: the baseline scenario
 * stretched to a duration, a peak rate, a number of replicas and users, verified against the shipped rules.
 * Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { ruleNames } from '../src/scenario/expectations.js';
import { loadScenario } from '../src/scenario/catalogue.js';
import { DEFAULT_RULES_FILE } from '../src/verify/rules.js';
import { prepareVerify } from '../src/verify/verify-run.js';
import { verifyScenario } from '../src/verify/verify-scenario.js';

export interface RowSpec {
  days: number;
  perMinute: number;
  replicas: number;
  users: number;
}

export interface RowResult {
  wallMs: number;
  simulateMs: number;
  backfillMs: number;
  queryMs: number;
  samples: number;
  mode: string;
  /** Peak RSS of this process, MB (children are measured by the parent). */
  ownPeakMb: number;
}

const spec = JSON.parse(process.argv[2]) as RowSpec;
const prepared = await prepareVerify(DEFAULT_RULES_FILE);
const scenario = loadScenario('baseline', { rules: ruleNames(prepared.rules) });
scenario.duration = spec.days * 86_400_000;
scenario.traffic = { ...scenario.traffic, rate: spec.perMinute / 60 };
scenario.fleet = spec.replicas > 1 ? { replicas: spec.replicas, balancer: 'round-robin' } : null;
scenario.userIdLabel = spec.users > 0 ? { users: spec.users, skew: 1 } : null;
scenario.expect = null;
const t0 = performance.now();
const r = await verifyScenario(scenario, prepared.rules, prepared.bins);
const result: RowResult = {
  wallMs: performance.now() - t0,
  simulateMs: r.timings.simulateMs,
  backfillMs: r.timings.backfillMs,
  queryMs: r.timings.queryMs,
  samples: r.samples,
  mode: r.run.mode,
  ownPeakMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(result));
