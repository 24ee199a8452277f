/**
 * The demo page draws the dashboard's overrides as Grafana would (issue 19): the cost tile's two series each in their
 * own steps (the guide's estimate blue, the token-priced cost against the budget), the P95 gauge saying « aucun appel
 * réussi » through an outage instead of "No data", the migration table's version first, the alert list's inhibited
 * state with value and since, and the header saying when the scenario has ended.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { chromiumForTest, openBrowser } from '../support/browser.js';
import { startCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const chromium = chromiumForTest();
const ARTIFACTS = path.resolve('test-artifacts');

describe.runIf(available && chromium !== null)('the demo page and the dashboard overrides', () => {
  it('colours each cost series by its own steps, words an outage P95, orders the table, shows an inhibited alert, and says the scenario ended', async () => {
    // Mid-outage (Claude fails from 1 h to 2 h): no call succeeds over the P95's window. At ×240 the recovery is 10 s away
    // (the critical fallback alert fires and inhibits its twin meanwhile; the page polls every second), the end (4 h) 40 s.
    const demo = startCli(['demo', 'claude-outage', '--speed', '240', '--from', '1h20m', '--port', '0', '--no-grafana']);
    const browser = await openBrowser(chromium!);
    try {
      const [, url] = await demo.waitFor(/dashboard:\s+(http:\/\/\S+?)\/\n/, 90_000);
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}/`);
      const p95 = page.locator('.panel[data-panel="P95 Latence"]');
      await page.waitForFunction(() => document.querySelector<HTMLElement>('.panel[data-panel="P95 Latence"]')?.dataset.state === 'empty', null, { timeout: 30_000 });
      expect(await p95.locator('.body').getAttribute('data-empty')).toBe('aucun appel réussi');

      await page.waitForFunction(() => document.querySelectorAll('.panel[data-panel="Coût Quotidien"] .value').length === 2, null, { timeout: 30_000 });
      const cells = await page.$$eval('.panel[data-panel="Coût Quotidien"] .value', (els) => els.map((e) => [e.querySelector('.label')?.textContent, getComputedStyle(e).backgroundColor]));
      // Grafana's blue (#5794F2) for the estimate; green (#73BF69) for a day's token cost under the $100 budget.
      expect(cells).toEqual([['estimation guide', 'rgb(87, 148, 242)'], ['prix des tokens', 'rgb(115, 191, 105)']]);

      await page.waitForFunction(() => document.querySelectorAll('.panel[data-panel="Migration Info"] th').length > 0, null, { timeout: 30_000 });
      const columns = await page.$$eval('.panel[data-panel="Migration Info"] th', (els) => els.map((e) => e.textContent));
      expect(columns.slice(0, 4)).toEqual(['version', 'templates_count', 'date', 'architecture']);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-overrides.png'), fullPage: true });

      // A critical alert of the class inhibits the fallback warning: the list says so, with the value and since when.
      const high = '#alerts li[data-alert="LunarGenerationFallbackHigh"]';
      await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.state === 'inhibited', high, { timeout: 60_000 });
      expect(await page.locator(`${high} .detail`).textContent()).toMatch(/^(0\.\d+|1\.00) since [1-3]h\d+m\d+s$/); // a share: 1.00 in a total outage
      // Inhibited by a critical alert of its class (LunarClaudeDown or LunarGenerationFallbackCritical), firing.
      const firing = await page.$$eval('#alerts li[data-state="firing"]', (els) => els.map((e) => e.textContent ?? ''));
      expect(firing.some((t) => /^Lunar(ClaudeDown|GenerationFallbackCritical) \(critical\)/.test(t))).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-inhibited.png'), fullPage: true });

      await page.waitForFunction(() => /scenario ended at 4h0m0s: its last phase goes on/.test(document.getElementById('clock')?.textContent ?? ''), null, { timeout: 150_000 });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      demo.child.kill('SIGINT');
      await demo.exited;
    }
  }, 360_000);
});
