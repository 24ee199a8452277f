/**
 * The noise and detection report: rows per class, severity, traffic level and scenario, from seeded runs' verdicts
 * and notifications; healthy rows counting what nobody needed; the markdown section and its place in a file.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationEpisode } from '../../src/notify/notification-episodes.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { detectionRows, formatReport, healthyRows, levelAt, withReport, type ReportedRun } from '../../src/verify/noise-report.js';
import type { AlertVerdict } from '../../src/verify/judge.js';

const M = 60_000;
const scenario = (name: string, rate: string, extra = '') =>
  parseScenario(`name: ${name}\nsummary: s\nseed: 1\nstart: 2026-01-05T14:00:00Z\nduration: 1d\ntraffic: { rate: ${rate} }\n${extra}`, `${name}.yaml`);

describe('levelAt', () => {
  it('names the policy\'s level from the requests per minute just before the incident', () => {
    expect(['0.5/min', '2.4/min', '12/min', '100/min', '1000/s'].map((r) => levelAt(scenario('x', r), 60 * M))).toEqual(['trickle', 'night', 'baseline', 'guide', 'production']);
    // A traffic incident is judged by the traffic it interrupted.
    const stopped = scenario('x', '12/min', 'phases:\n  - { name: stop, at: 1h, traffic: { rate: 0/min } }\n');
    expect(levelAt(stopped, 60 * M)).toBe('baseline');
  });
});

describe('detectionRows and healthyRows', () => {
  const s = scenario('outage', '12/min', 'phases:\n  - { name: incident, at: 1h }\n  - { name: recovered, at: 2h }\n');
  const verdict = (first: number, resolved: number, firings = 1): AlertVerdict => ({
    alert: 'claude', expected: 'page', after: 60 * M, before: 75 * M, resolveAfter: 120 * M, resolveBefore: 165 * M,
    firstFiring: first, resolvedAt: resolved, firings, value: null, ok: firings === 1, reason: '',
  });
  const sent = (alertname: string, from: number): NotificationEpisode => ({
    receiver: 'oncall', groupLabels: { alert_group: 'claude' }, alerts: [{ alertname, severity: 'critical', alert_group: 'claude' }], from: s.start + from, to: null,
  });
  const runs: ReportedRun[] = [
    { scenario: s, verdicts: [verdict(70 * M, 130 * M)], notifications: [sent('LunarClaudeDown', 70 * M)] },
    { scenario: s, verdicts: [verdict(74 * M, 150 * M, 2)], notifications: [sent('LunarGenerationFallbackCritical', 74 * M)] },
  ];

  it('gives each expectation its detection and reset spread over the runs, what sent it first, and its worst count', () => {
    const [row] = detectionRows(runs);
    expect(row).toMatchObject({ group: 'claude', kind: 'page', level: 'baseline', scenario: 'outage', runs: 2, passed: 1, mostNotifications: 2 });
    expect(row.detectedBy.sort()).toEqual(['LunarClaudeDown', 'LunarGenerationFallbackCritical']);
    expect([row.ttd!.p50, row.ttd!.max, row.reset!.p50, row.reset!.max]).toEqual([10 * M, 14 * M, 10 * M, 30 * M]);
  });

  it('counts a healthy run\'s notifications after its warm-up, pages and warnings apart, allowed classes aside', () => {
    const healthy = scenario('healthy', '100/min', 'warmup: 1d\nexpect:\n  allow: [cost]\n');
    const note = (group: string, severity: string, from: number): NotificationEpisode => ({
      receiver: 'r', groupLabels: { alert_group: group }, alerts: [{ alertname: 'A', severity, alert_group: group }], from: healthy.start + from, to: null,
    });
    const [row] = healthyRows([{ scenario: healthy, verdicts: [], notifications: [note('cost', 'warning', -60 * M), note('cost', 'critical', 60 * M), note('latency', 'warning', 90 * M)] }]);
    expect(row).toEqual({ level: 'guide', scenario: 'healthy', days: 1, pages: 0, warnings: 1, allowed: 1, classes: { cost: 1, latency: 1 } });
  });

  it('writes a markdown section, and puts it between a file\'s report markers only', () => {
    const text = formatReport(detectionRows(runs), [], 'how');
    expect(text).toContain('| claude | page | baseline | `outage` |');
    expect(withReport('a\n<!-- report:start -->\nold\n<!-- report:end -->\nb', 'new')).toBe('a\n<!-- report:start -->\nnew\n<!-- report:end -->\nb');
    expect(withReport('no markers', 'new')).toBeNull();
  });
});
