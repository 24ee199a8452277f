import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_FILE, RULES_FILE } from '../../src/monitoring/files.js';
import { lintPromql } from '../../src/monitoring/lint-promql.js';
import { runCli } from '../support/cli.js';

const messages = (expr: string): string[] => lintPromql(expr).map((f) => f.message);

describe('lintPromql', () => {
  it('accepts the metrics, labels and values the catalogue exports', () => {
    expect(messages('sum by (source) (rate(lunar_interpretation_generated_total{source=~"db_.*",model=~"$model"}[$interval]))')).toEqual([]);
    expect(messages('histogram_quantile(0.95, sum by (le) (rate(lunar_interpretation_duration_seconds_bucket{source="claude"}[5m])))')).toEqual([]);
    expect(messages('absent(lunar_interpretation_generated_total{job="lunar-sim"})')).toEqual([]);
  });

  it('finds a misspelled metric and suggests the right one', () => {
    expect(messages('rate(lunar_interpretation_generate_total[5m])')).toEqual([
      'unknown metric lunar_interpretation_generate_total: lunar-sim does not export it (did you mean lunar_interpretation_generated_total?)',
    ]);
  });

  it('finds a label the metric does not carry', () => {
    expect(messages('lunar_interpretation_cache_hit_total{source="claude"}')[0]).toMatch(/^lunar_interpretation_cache_hit_total has no label "source"/);
  });

  it('finds a label value the catalogue rules out, also through a regex', () => {
    expect(messages('lunar_interpretation_generated_total{source="openai"}')[0]).toMatch(/source="openai" never occurs .*values: claude, db_temporal, db_template, hardcoded/);
    expect(messages('lunar_interpretation_fallback_total{source=~"claude|db_temporal"}')[0]).toMatch(/never occurs on lunar_interpretation_fallback_total/);
  });

  it('finds a _bucket (or _sum/_count) on a counter', () => {
    expect(messages('rate(lunar_interpretation_generated_total_bucket[5m])')[0]).toMatch(/^unknown metric lunar_interpretation_generated_total_bucket/);
    expect(messages('lunar_interpretation_duration_seconds')[0]).toMatch(/^unknown metric lunar_interpretation_duration_seconds:/);
  });

  it('finds a syntax error and says where', () => {
    expect(messages('sum(rate(lunar_interpretation_generated_total[5m])')).toEqual([expect.stringMatching(/^PromQL syntax error at character \d+/)]);
  });

  it('finds grouping by a label no aggregated metric carries', () => {
    expect(messages('sum by (sorce) (rate(lunar_interpretation_generated_total[5m]))')).toEqual([
      'grouping by "sorce", a label none of the aggregated metrics carry',
    ]);
  });
});

describe('lintPromql: aggregation across instances', () => {
  const claude = 'lunar_interpretation_generated_total{source="claude"}';
  const buckets = 'lunar_interpretation_duration_seconds_bucket{source="claude"}';

  it('finds rate()/increase() of a sum, which reads every pod restart or rollout as a counter reset', () => {
    expect(messages(`increase(sum(${claude})[24h:1m]) * 0.002 > 10`)).toEqual([expect.stringMatching(/^increase\(\) of an aggregation: .*counter reset/)]);
    expect(messages(`rate((sum by (model) (${claude}))[10m:])`)).toEqual([expect.stringMatching(/^rate\(\) of an aggregation/)]);
    expect(messages(`sum(increase(${claude}[24h])) * 0.002 > 10`)).toEqual([]);
    expect(messages(`max_over_time(sum(${claude})[1h:])`)).toEqual([]);
  });

  it('finds histogram_quantile without sum by (le)', () => {
    expect(messages(`histogram_quantile(0.95, rate(${buckets}[10m])) > 30`)).toEqual([expect.stringMatching(/per-series buckets .* sum by \(le\)/)]);
    expect(messages(`histogram_quantile(0.95, sum(rate(${buckets}[10m])))`)).toEqual([expect.stringMatching(/without `le`/)]);
    expect(messages(`histogram_quantile(0.95, sum without (instance, pod) (rate(${buckets}[10m])))`)).toEqual([]);
    expect(messages(`histogram_quantile(0.95, sum by (le, instance) (rate(${buckets}[10m])))`)).toEqual([]);
  });

  it('finds a ratio of per-series rates, not one of sums or a rate over a constant', () => {
    const ratio = 'rate(lunar_interpretation_fallback_total[10m]) / rate(lunar_interpretation_generated_total[10m]) > 0.2';
    expect(messages(ratio)).toEqual([expect.stringMatching(/^a ratio of per-series vectors/)]);
    expect(messages('sum(rate(lunar_interpretation_fallback_total[10m])) / sum(rate(lunar_interpretation_generated_total[10m]))')).toEqual([]);
    expect(messages('rate(lunar_interpretation_generated_total[5m]) / 60')).toEqual([]);
  });
});

describe('lunar-sim lint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is clean on the shipped rules and dashboard', () => {
    const r = runCli(['lint']);
    expect(r.stdout).toMatch(/^lint: \d+ expressions, no findings$/m);
    expect(r.code).toBe(0);
  });

  it("finds, by alert and by panel, each mistake planted in a user's copies, exit 1", () => {
    const rules = path.join(dir, 'rules.yml');
    writeFileSync(rules, readFileSync(RULES_FILE, 'utf8')
      .replace('sum(lunar_interpretation_active_generations) > 10', 'sum(lunar_interpretation_actve_generations) > 10')
      .replace('increase(lunar_interpretation_generated_total{source="hardcoded"}[1h])', 'increase(lunar_interpretation_generated_total{source="hardcoder"}[1h])')
      // A recorded series is a known metric, by its record's name: a typo in it is one too.
      .replace('expr: lunar:claude_api_error_ratio:evidence > 0.15', 'expr: lunar:claude_api_error_ratio:evidance > 0.15'));
    const dashboard = path.join(dir, 'dashboard.json');
    const d = readFileSync(DASHBOARD_FILE, 'utf8')
      .replace('sum(rate(lunar_interpretation_cache_hit_total[$interval]))', 'sum(rate(lunar_interpretation_cache_hit_total{model=\\"x\\"}[$interval]))')
      .replace('sum(lunar_interpretation_active_generations)', 'sum(lunar_interpretation_active_generations');
    writeFileSync(dashboard, d);
    const r = runCli(['lint', '--rules', rules, '--dashboard', dashboard]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${rules}: alert LunarGenerationStuck: unknown metric lunar_interpretation_actve_generations`);
    expect(r.stdout).toContain(`${rules}: alert LunarHardcodedFallbackUsed: source="hardcoder" never occurs`);
    expect(r.stdout).toContain(`${rules}: alert LunarClaudeApiErrorRate: unknown metric lunar:claude_api_error_ratio:evidance: lunar-sim does not export it (did you mean lunar:claude_api_error_ratio:evidence?)`);
    expect(r.stdout).toContain(`${dashboard}: panel "Cache Hit Rate" (query A): lunar_interpretation_cache_hit_total has no label "model"`);
    expect(r.stdout).toMatch(new RegExp(`${dashboard.replace(/[/.]/g, '\\$&')}: panel "Générations Actives" \\(query A\\): PromQL syntax error`));
    expect(r.stdout).toMatch(/lint: \d+ expressions, 5 finding\(s\)/);
  });

  it('reports promtool check rules failures too', () => {
    const rules = path.join(dir, 'bad-field.yml');
    writeFileSync(rules, readFileSync(RULES_FILE, 'utf8').replace('keep_firing_for: 30m', 'keep_firing_fro: 30m'));
    const r = runCli(['lint', '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/promtool check rules: .*keep_firing_fro/);
  });
});
