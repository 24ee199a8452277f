/**
 * mutate reads the parts its mutants share from series stored once per scenario (src/mutate/shared-aggregates.ts).
 * That changes nothing Prometheus answers: every mutant of the shipped rules, queried as written and as mutate
 * queries it, gives the same series with the same value at every evaluation — through an API that goes down and
 * comes back (absent(), stale series, sums that vanish) and through a fleet that loses a replica (sums by instance).
 */
import { describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { allMutants } from '../../src/mutate/all-mutants.js';
import { isRuleMutant } from '../../src/mutate/mutant.js';
import { storeSharedAggregates } from '../../src/mutate/shared-aggregates.js';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import type { RangeSeries } from '../../src/prometheus/query-client.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { evaluateRule, serveScenarioData } from '../../src/verify/scenario-data.js';
import { prepareVerify } from '../../src/verify/verify-run.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;

function comparable(series: readonly RangeSeries[]): string {
  return JSON.stringify(series.map((s) => [s.labels, [...s.points].sort((a, b) => a[0] - b[0])]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}

describe.runIf(available)('shared parts of mutants, stored once (real Prometheus)', () => {
  it.each(['api-down', 'fleet-replica-lost'])('%s: every mutant gives the same series at every evaluation, read either way', async (name) => {
    const prepared = await prepareVerify(RULES_FILE);
    const originals = new Set(prepared.rules.map((r) => r.expr));
    const distinct = new Map(allMutants(prepared).filter(isRuleMutant).map((m) => [m.rule.expr, m.rule]));
    const mutants = [...distinct.values()].filter((r) => !originals.has(r.expr));
    await withScratch(async (scratch) => {
      const data = await serveScenarioData(loadScenario(name), prepared.rules, prepared.bins, scratch, { records: prepared.records, alsoEvaluated: mutants.map((r) => r.expr) });
      const { read, stored } = await storeSharedAggregates(data, mutants);
      expect(stored).toBeGreaterThan(0);
      let rewritten = 0;
      let emptied = 0;
      for (const rule of mutants) {
        const expr = read(rule);
        if (expr === rule.expr) continue;
        rewritten++;
        const [asWritten, asRead] = await Promise.all([evaluateRule(data, rule), evaluateRule(data, rule, expr)]);
        expect(comparable(asRead.series), `${rule.name}: ${expr}`).toBe(comparable(asWritten.series));
        if (asWritten.series.some((s) => s.points.size > 0 && s.points.size < asWritten.evaluations.length)) emptied++;
      }
      // Not vacuous: most mutants read stored parts, and series that come and go are among them.
      expect(rewritten).toBeGreaterThan(mutants.length / 2);
      expect(emptied).toBeGreaterThan(0);
    });
  }, 180_000);
});
