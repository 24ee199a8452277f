import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MONITORING_DIR } from '../../src/monitoring/files.js';
import { ALERTMANAGER } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { loadAlertRules } from '../../src/verify/rules.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { startAlertmanager } from '../../src/prometheus/alertmanager.js';
import { startWebhook } from '../support/alertmanager.js';
import { binaryForTest } from '../support/prometheus.js';

const alertmanager = binaryForTest(ALERTMANAGER);

interface RouteDoc {
  group_wait?: string;
  group_interval?: string;
  routes?: RouteDoc[];
}

/** The shipped alertmanager.yml with its webhooks pointed at `webhook` and its waits cut to a second (routing and inhibition untouched). */
function shippedConfigFor(webhook: string): string {
  const doc = parse(readFileSync(`${MONITORING_DIR}alertmanager.yml`, 'utf8').replaceAll('http://127.0.0.1:5001', webhook)) as { route: RouteDoc };
  const quick = (r: RouteDoc): void => {
    if (r.group_wait) r.group_wait = '1s';
    if (r.group_interval) r.group_interval = '1s';
    r.routes?.forEach(quick);
  };
  quick(doc.route);
  return stringify(doc);
}

/** An alert as Prometheus would send it: the rule's labels plus alertname. */
function alertOf(name: string): { labels: Record<string, string>; startsAt: string } {
  const rule = loadAlertRules(RULES_FILE).find((r) => r.name === name)!;
  return { labels: { alertname: name, ...rule.labels }, startsAt: new Date().toISOString() };
}

describe.runIf(alertmanager !== null)('the shipped Alertmanager inhibition (real Alertmanager)', () => {
  it('mutes a warning while its critical twin fires, and only its twin', async () => {
    const webhook = await startWebhook();
    try {
      await withScratch(async (scratch) => {
        const config = path.join(scratch.tempDir('inhibit'), 'alertmanager.yml');
        writeFileSync(config, shippedConfigFor(webhook.url));
        const am = (await startAlertmanager(alertmanager!, config, scratch)).url;
        const alerts = ['LunarGenerationFallbackCritical', 'LunarGenerationFallbackHigh', 'LunarCacheHitRateLow'].map(alertOf);
        const post = await fetch(`${am}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
        expect(post.status).toBe(200);
        const notified = (): string[] => webhook.received.flatMap((n) => n.body.alerts.map((a) => `${n.path} ${a.labels.alertname}`));
        for (let i = 0; i < 100 && !(notified().includes('/oncall LunarGenerationFallbackCritical') && notified().includes('/team LunarCacheHitRateLow')); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        // Both expected notifications arrived; a few group intervals more give the muted one every chance to show.
        await new Promise((r) => setTimeout(r, 3000));
        expect(notified().sort()).toEqual(['/oncall LunarGenerationFallbackCritical', '/team LunarCacheHitRateLow']);
        const status = (await (await fetch(`${am}/api/v2/alerts?inhibited=true&active=false`)).json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
        const high = status.find((a) => a.labels.alertname === 'LunarGenerationFallbackHigh');
        expect(high?.status.inhibitedBy.length).toBe(1);
      });
    } finally {
      webhook.server.close();
    }
  });
});
