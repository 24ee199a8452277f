import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONITORING_DIR, RULES_FILE } from '../../src/monitoring/files.js';
import { ALERTMANAGER, PROMETHEUS } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { startAlertmanager } from '../../src/prometheus/alertmanager.js';
import { startWebhook, type Notification } from '../support/alertmanager.js';
import { startCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const alertmanager = binaryForTest(ALERTMANAGER);
/** The profile change monitoring/README.md tells people to PUT: the drill there must be the drill tested here. */
const readmeDrill = /-d '(\{.*?\})' \\\n\s+http:\/\/127\.0\.0\.1:9464\/api\/v1\/profile/.exec(readFileSync(`${MONITORING_DIR}README.md`, 'utf8'))![1];

describe.runIf(prometheus !== null && alertmanager !== null)('a live drill: lunar-sim → Prometheus → Alertmanager → webhook', () => {
  it('pages the on-call receiver when the hardcoded text is served, with the shipped rules and routing', async () => {
    const sim = startCli(['run', 'baseline', '--port', '0', '--speed', '10']);
    const webhook = await startWebhook();
    try {
      const [, base] = await sim.waitFor(/metrics:\s+(http:\/\/\S+)\/metrics/);
      await withScratch(async (scratch) => {
        // The shipped alertmanager.yml, with its webhooks pointed at this test.
        const amConfig = path.join(scratch.tempDir('drill'), 'alertmanager.yml');
        writeFileSync(amConfig, readFileSync(`${MONITORING_DIR}alertmanager.yml`, 'utf8').replaceAll('http://127.0.0.1:5001', webhook.url));
        const am = (await startAlertmanager(alertmanager!, amConfig, scratch)).url;
        // 1 s scrapes and evaluations, and a 1 s resend delay, so the first notification is not held for a minute.
        const config = [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${RULES_FILE}']`,
          `alerting: { alertmanagers: [{ static_configs: [{ targets: ['${am.replace('http://', '')}'] }] }] }`,
          `scrape_configs: [{ job_name: lunar-sim, static_configs: [{ targets: ['${base.replace('http://', '')}'] }] }]`,
        ].join('\n');
        await startPrometheus(prometheus!, path.join(scratch.tempDir('drill-tsdb'), 'tsdb'), scratch, config, ['--rules.alert.resend-delay=1s']);
        // The README's drill: Claude down and no template, so every uncached request gets the hardcoded text.
        expect(JSON.parse(readmeDrill)).toEqual({ claude: { errors: { api_error: 1 } }, templates: { availability: 0 } });
        const put = await fetch(`${base}/api/v1/profile`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: readmeDrill });
        expect(put.status).toBe(200);
        const firing = (): Notification | undefined =>
          webhook.received.find((n) => n.body.alerts.some((a) => a.labels.alertname === 'LunarHardcodedFallbackUsed' && a.status === 'firing'));
        for (let i = 0; i < 90 && !firing(); i++) await new Promise((r) => setTimeout(r, 1000));
        const n = firing();
        expect(n?.path).toBe('/oncall');
        expect(n?.body.alerts.find((a) => a.labels.alertname === 'LunarHardcodedFallbackUsed')?.labels.severity).toBe('critical');
      });
    } finally {
      webhook.server.close();
      sim.child.kill('SIGTERM');
    }
    expect(await sim.exited).toBe(0);
  });
});

