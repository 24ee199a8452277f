/**
 * verify judges the dashboard on a scenario's data in the real Prometheus: the shipped dashboard holds on a healthy
 * day, and planted faults fail it, each named by its panel — a gauge red on a healthy API, a misspelt metric, and a
 * threshold step that disagrees with its rule.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-dashboard-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Panel {
  title: string;
  fieldConfig?: { defaults: { thresholds?: { steps: { value: number | null; color: string }[] } } };
  targets?: { expr: string }[];
}

/** A copy of the shipped dashboard with `edit` applied to its panels, by title. */
function plantedDashboard(edit: (panel: Panel) => void): string {
  const doc = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[] };
  doc.panels.forEach(edit);
  const file = path.join(work, 'planted.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe.runIf(available)('verify --dashboard (real Prometheus)', () => {
  it('holds for the shipped dashboard on a healthy day, and --no-dashboard skips it', () => {
    const r = runCli(['verify', 'baseline']);
    expect(r.stdout).toMatch(/dashboard .*grafana_dashboard_lunar\.json: every panel holds on 1 scenario\(s\)/);
    expect(r.code).toBe(0);
    const skipped = runCli(['verify', 'api-crash-blip', '--no-dashboard']); // a short scenario: only the flag is under test
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).not.toMatch(/^dashboard /m);
  });

  it('fails a gauge red on a healthy API, a misspelt metric and a step away from its rule, naming each panel', () => {
    const file = plantedDashboard((p) => {
      const steps = p.fieldConfig?.defaults.thresholds?.steps;
      // Red from 10 s: a healthy P95 (≈ 13–17 s) is red all day.
      if (p.title === 'P95 Latence' && steps) p.fieldConfig!.defaults.thresholds!.steps = [{ value: null, color: 'green' }, { value: 10, color: 'red' }, ...steps.slice(2).map((s) => ({ ...s, value: (s.value ?? 0) + 100 }))];
      if (p.title === 'Cache hits') p.targets![0].expr = p.targets![0].expr.replace('lunar_interpretation_cache_hit_total', 'lunar_interpretation_cache_hits_total');
      if (p.title === 'Cache Hit Rate' && steps) steps[1].value = 25;
    });
    const r = runCli(['verify', 'baseline', '--dashboard', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/baseline {2}panel "P95 Latence": colour: the value shows red \(critical\) in a healthy run: .*\d+ point\(s\), values [\d.]+ s–[\d.]+ s/);
    expect(r.stdout).toMatch(/baseline {2}panel "Cache hits": no data: query A returns no data over the whole run \(0s–1d\): sum\(increase\(lunar_interpretation_cache_hits_total\[24h\]\)\)/);
    expect(r.stdout).toMatch(/panel "Cache Hit Rate": threshold: the yellow step is at 25, but LunarCacheHitRateLow fires at 30 \(rules file\)/);
    expect(r.stdout).toMatch(/panel "P95 Latence": threshold: the orange step is at 130, but LunarGenerationLatencyHigh fires at 30 \(rules file\)/);
    // The alert verdicts are not the dashboard's: they still hold.
    expect(r.stdout).toMatch(/all expectations hold/);
  });

  it('refuses a file that is not a dashboard in one line (exit 2)', () => {
    const file = path.join(work, 'not-a-dashboard.json');
    writeFileSync(file, '{"title": "x"}');
    const r = runCli(['verify', 'baseline', '--dashboard', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`lunar-sim: ${file} is not a Grafana dashboard: it has no "panels" list`);
  });
});
