import { expect } from 'vitest';
/**
 * Prometheus-backed tests run when the binaries are installed. With REQUIRE_PROMETHEUS=1 (CI) a missing binary is a
 * failure, never a skip.
 */
import { findBinary, type BinarySpec } from '../../src/prometheus/binaries.js';

export const prometheusRequired = process.env.REQUIRE_PROMETHEUS === '1';

/** The binary's path; null means "skip this test", which CI forbids. */
export function binaryForTest(spec: BinarySpec): string | null {
  const found = findBinary(spec);
  if (!found && prometheusRequired) {
    throw new Error(`${spec.name} is required (REQUIRE_PROMETHEUS=1) but not installed: run .ci/run (it installs prometheus, prometheus-alertmanager and victoria-metrics)`);
  }
  return found;
}

/** One sample of an instant query's vector. */
export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An instant query through Prometheus' HTTP API (at `atMs`, else now); the query must succeed. */
export async function instantQuery(url: string, expr: string, atMs?: number): Promise<InstantSample[]> {
  const body = new URLSearchParams({ query: expr, ...(atMs === undefined ? {} : { time: String(atMs / 1000) }) });
  const r = await fetch(`${url}/api/v1/query`, { method: 'POST', body });
  const json = (await r.json()) as { status: string; data: { result: InstantSample[] } };
  expect(json.status).toBe('success');
  return json.data.result;
}
