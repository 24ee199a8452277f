/**
 * Recording rules in verify: each record is evaluated by Prometheus at its group's interval and stored back in the
 * same Prometheus, so an alert that reads a record must behave exactly as the same alert with the record's expression
 * written in — over a scenario whose series vanish (api-down: stale markers) and whose ratio moves.
 */
import { describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import type { AlertRule, RecordingRule } from '../../src/verify/rules.js';
import { verifyScenario } from '../../src/verify/verify-scenario.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);

const GENERATED = 'sum(rate(lunar_interpretation_generated_total[5m]))';
const SHARE = 'sum(rate(lunar_interpretation_fallback_total[10m])) / sum(rate(lunar_interpretation_generated_total[10m]))';

const record = (name: string, expr: string): RecordingRule => ({ record: name, expr, labels: { kind: 'test' }, group: 'g', intervalMs: 60_000 });
const alert = (name: string, expr: string, forMs = 0): AlertRule => ({
  name, expr, forMs, keepFiringForMs: 0, labels: { severity: 'warning' }, annotations: {}, group: 'g', intervalMs: 60_000,
});

describe.runIf(promtool !== null && prometheus !== null)('recording rules in verify (real Prometheus)', () => {
  const bins = { promtool: promtool!, prometheus: prometheus! };

  it('stores each record so that alerts reading it fire exactly as alerts with the expression written in', async () => {
    const records = [
      record('test:generated:rate5m', GENERATED),
      // A record of a record: it must see the first one's values at the same evaluation.
      record('test:generated:doubled', '2 * test:generated:rate5m'),
      record('test:fallback_share:rate10m', SHARE),
    ];
    const pairs: [AlertRule, AlertRule][] = [
      [alert('ViaRecord', 'test:generated:rate5m > 0.1', 120_000), alert('Inline', `${GENERATED} > 0.1`, 120_000)],
      [alert('ViaRecordOfRecord', 'test:generated:doubled > 0.2'), alert('InlineDoubled', `2 * ${GENERATED} > 0.2`)],
      [alert('AbsentRecord', 'absent(test:generated:rate5m)'), alert('AbsentInline', `absent(${GENERATED})`)],
      [alert('ShareRecord', 'test:fallback_share:rate10m > 0.001'), alert('ShareInline', `${SHARE} > 0.001`)],
    ];
    const scenario = { ...loadScenario('api-down'), expect: null };
    const v = await verifyScenario(scenario, pairs.flat(), bins, { records });
    const episodes = (name: string): unknown[] =>
      v.episodes.filter((e) => e.alert === name).map(({ activeAt, firedAt, resolvedAt, value }) => ({ activeAt, firedAt, resolvedAt, value }));
    for (const [viaRecord, inline] of pairs) {
      expect(episodes(viaRecord.name).length, viaRecord.name).toBeGreaterThan(0);
      expect(episodes(viaRecord.name), viaRecord.name).toEqual(episodes(inline.name));
    }
    // The recorded series carry the rule's labels.
    expect(v.episodes.find((e) => e.alert === 'ViaRecord')!.labels.kind).toBe('test');
    expect(v.episodes.find((e) => e.alert === 'Inline')!.labels.kind).toBeUndefined();
  });

  it('marks a record stale where its series leave the result, as the rule manager does', async () => {
    // Without the stale marker, absent() of the record would wait 5 minutes of lookback after the API dies.
    const records = [record('test:active', 'sum(lunar_interpretation_active_generations)')];
    const rules = [alert('AbsentActiveRecord', 'absent(test:active)'), alert('AbsentActiveInline', 'absent(sum(lunar_interpretation_active_generations))')];
    const v = await verifyScenario({ ...loadScenario('api-down'), expect: null }, rules, bins, { records });
    const first = (name: string): number | null | undefined => v.episodes.find((e) => e.alert === name)?.firedAt;
    expect(first('AbsentActiveRecord')).not.toBeUndefined();
    expect(first('AbsentActiveRecord')).toBe(first('AbsentActiveInline'));
  });
});
