/**
 * What the three k6 scripts share: the request (a seeded, valid body per iteration), its checks, the thresholds,
 * per-source counters, and a summary of the sources served. Run against `lunar-sim run <scenario>` or any API with
 * the same contract: BASE_URL=http://127.0.0.1:9464 by default; TOKEN for a simulator started with --token.
 */
import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { payloadGenerator } from '../../../src/load/payload.ts';

export const BASE_URL = __ENV.BASE_URL ?? 'http://127.0.0.1:9464';
const SEED = Number(__ENV.SEED ?? 1);
/** The bearer token of a simulator started with `--token` (`-e TOKEN=...`, or `-e TOKEN=$LUNAR_SIM_TOKEN`). */
const TOKEN = __ENV.TOKEN;
const HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  ...(TOKEN ? { authorization: `Bearer ${TOKEN}` } : {}),
};

/** p95 under the 30 s latency alert threshold, less than 1 % failed requests. */
export const thresholds = {
  http_req_duration: ['p(95)<30000'],
  http_req_failed: ['rate<0.01'],
};

/** VUs for arrivals up to `peakRate`/s when answers take ~10 s: enough that arrivals stay on time. */
export function vusFor(peakRate: number): { preAllocatedVUs: number; maxVUs: number } {
  return { preAllocatedVUs: Math.max(10, peakRate * 15), maxVUs: Math.max(50, peakRate * 40) };
}

const SOURCES = ['claude', 'db_temporal', 'db_template', 'hardcoded'] as const;
type Source = (typeof SOURCES)[number];
const served: Record<Source, Counter> = {
  claude: new Counter('lunar_source_claude'),
  db_temporal: new Counter('lunar_source_db_temporal'),
  db_template: new Counter('lunar_source_db_template'),
  hardcoded: new Counter('lunar_source_hardcoded'),
};

// One generator per VU (the module is initialised once per VU): runs are reproducible for a given SEED.
const nextBody = payloadGenerator(SEED * 1000 + __VU);

/** One interpretation request, checked. */
export function interpretation(): void {
  const response = http.post(`${BASE_URL}/v1/lunar/interpretations`, JSON.stringify(nextBody()), {
    headers: HEADERS,
    timeout: '120s',
    tags: { name: 'interpretation' },
  });
  const ok = check(response, {
    'status is 200': (r) => r.status === 200,
    'has an interpretation': (r) => r.status === 200 && typeof r.json('interpretation.text') === 'string',
  });
  if (ok) {
    const source = sourceOf(response.json('source'));
    if (source) served[source].add(1);
  }
}

function sourceOf(value: unknown): Source | null {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value) ? (value as Source) : null;
}

interface SummaryData {
  metrics: Record<string, { values: Record<string, number> } | undefined>;
}

/** A short text summary (sources served, latency, failures) and the full data as JSON. */
export function summary(data: SummaryData, name: string): Record<string, string> {
  const count = (metric: string): number => data.metrics[metric]?.values.count ?? 0;
  const total = SOURCES.reduce((s, src) => s + count(`lunar_source_${src}`), 0);
  const lines = SOURCES.map((src) => {
    const n = count(`lunar_source_${src}`);
    return `  ${src.padEnd(12)} ${String(n).padStart(7)}  ${total ? ((100 * n) / total).toFixed(1) : '0.0'} %`;
  });
  const duration = data.metrics.http_req_duration?.values ?? {};
  const failed = data.metrics.http_req_failed?.values.rate ?? 0;
  const text = [
    `lunar-sim k6 ${name}: ${total} interpretations served`,
    ...lines,
    `  p95 ${(duration['p(95)'] ?? 0).toFixed(0)} ms, max ${(duration.max ?? 0).toFixed(0)} ms, failed ${(100 * failed).toFixed(2)} %`,
    '',
  ].join('\n');
  return { stdout: text, [`k6-${name}-summary.json`]: JSON.stringify(data, null, 2) };
}
