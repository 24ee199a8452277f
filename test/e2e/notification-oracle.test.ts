/**
 * The notification oracle is a real Alertmanager: the shipped routing sends pages to oncall and warnings to team,
 * groups a class into one notification, and a page mutes its class's warnings; a configuration that groups or
 * inhibits otherwise gives other notifications for the same timeline. The states of many timelines share one
 * Alertmanager without touching each other.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTMANAGER_FILE } from '../../src/monitoring/files.js';
import { alertStates } from '../../src/notify/alert-states.js';
import { AlertmanagerOracle } from '../../src/notify/alertmanager-oracle.js';
import { notificationEpisodes } from '../../src/notify/notification-episodes.js';
import { ALERTMANAGER } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';
import { binaryForTest } from '../support/prometheus.js';

const alertmanager = binaryForTest(ALERTMANAGER);
const M = 60_000;
const ep = (alertname: string, severity: string, group: string, from: number, to: number | null): AlertEpisode => ({
  alert: alertname, labels: { alertname, severity, alert_group: group }, activeAt: from - M, firedAt: from, resolvedAt: to, value: 1,
});
// A Claude outage: the template spike warns, the fallback share warns, the page comes, the warnings go on after it.
const outage = [
  ep('LunarTemplateFallbackSpike', 'warning', 'claude', 10 * M, 70 * M),
  ep('LunarGenerationFallbackHigh', 'warning', 'claude', 15 * M, 90 * M),
  ep('LunarClaudeDown', 'critical', 'claude', 20 * M, 60 * M),
  ep('LunarCacheHitRateLow', 'warning', 'cache', 30 * M, 40 * M),
];
const END = 120 * M;

async function notified(configFile: string, episodes: AlertEpisode[]): Promise<string[]> {
  return withScratch(async (scratch) => {
    const oracle = await AlertmanagerOracle.start(alertmanager!, configFile, scratch);
    const states = alertStates(episodes, END);
    return notificationEpisodes(states, await oracle.groups(states)).map((e) => `${e.receiver} ${e.groupLabels.alert_group ?? JSON.stringify(e.groupLabels)} ${e.from / M}–${e.to! / M}: ${e.alerts.map((a) => a.alertname).join(', ')}`);
  });
}

describe.runIf(alertmanager !== null)('the notification oracle (real Alertmanager)', () => {
  it('routes, groups and inhibits the shipped way: one page, one warning per class', async () => {
    expect(await notified(ALERTMANAGER_FILE, outage)).toEqual([
      'team claude 10–90: LunarTemplateFallbackSpike, LunarGenerationFallbackHigh',
      'oncall claude 20–60: LunarClaudeDown',
      'team cache 30–40: LunarCacheHitRateLow',
    ]);
  });

  it('tells a configuration that groups by alert name or inhibits on it from the shipped one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-oracle-'));
    const shipped = readFileSync(ALERTMANAGER_FILE, 'utf8');
    const byName = path.join(dir, 'by-name.yml');
    writeFileSync(byName, shipped.replace('group_by: [alert_group]', 'group_by: [alertname]'));
    expect(await notified(byName, outage)).toEqual([
      'team {"alertname":"LunarTemplateFallbackSpike"} 10–70: LunarTemplateFallbackSpike',
      'team {"alertname":"LunarGenerationFallbackHigh"} 15–90: LunarGenerationFallbackHigh',
      'oncall {"alertname":"LunarClaudeDown"} 20–60: LunarClaudeDown',
      'team {"alertname":"LunarCacheHitRateLow"} 30–40: LunarCacheHitRateLow',
    ]);
    // Warnings that start after the page, muted on alert_group, are sent when inhibition looks at alertname instead.
    const late = [ep('LunarClaudeDown', 'critical', 'claude', 10 * M, 60 * M), ep('LunarGenerationFallbackHigh', 'warning', 'claude', 20 * M, 50 * M)];
    expect(await notified(ALERTMANAGER_FILE, late)).toEqual(['oncall claude 10–60: LunarClaudeDown']);
    const onName = path.join(dir, 'inhibit-on-name.yml');
    writeFileSync(onName, shipped.replace('equal: [alert_group]', 'equal: [alertname]'));
    expect(await notified(onName, late)).toEqual(['oncall claude 10–60: LunarClaudeDown', 'team claude 20–50: LunarGenerationFallbackHigh']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the states of separate timelines apart in one Alertmanager', async () => {
    await withScratch(async (scratch) => {
      const oracle = await AlertmanagerOracle.start(alertmanager!, ALERTMANAGER_FILE, scratch);
      const page = alertStates([ep('LunarClaudeDown', 'critical', 'claude', 10 * M, 60 * M)], END);
      const warning = alertStates([ep('LunarGenerationFallbackHigh', 'warning', 'claude', 20 * M, 50 * M)], END);
      const [a, b] = await Promise.all([oracle.groups(page), oracle.groups(warning)]);
      // The warning of the second timeline is not muted by the page of the first.
      expect(notificationEpisodes(warning, b).map((e) => e.receiver)).toEqual(['team']);
      expect(notificationEpisodes(page, a).map((e) => e.receiver)).toEqual(['oncall']);
    });
  });
});
