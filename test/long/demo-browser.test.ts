import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { chromiumForTest, openBrowser } from '../support/browser.js';
import { startCli } from '../support/cli.js';
import { leftovers } from '../support/leftovers.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const chromium = chromiumForTest();
/** Screenshots are kept for people to look at (gitignored). */
const ARTIFACTS = path.resolve('test-artifacts');
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-demo-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(available && chromium !== null)('lunar-sim demo in a real browser', () => {
  it('draws all 14 panels with data, shows the outage alerts firing and notified once each; Ctrl-C leaves nothing', async () => {
    const scenario = loadScenario('claude-outage');
    const expected = scenario.expect!.fire.map((f) => f.alert);
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    // ×120: the outage starts 30 s after the live run, its alerts fire some 40 s in.
    const demo = startCli(['demo', 'claude-outage', '--speed', '120', '--port', '0', '--no-grafana'], { env: { TMPDIR: tmp } });
    const browser = await openBrowser(chromium!);
    try {
      const [, url] = await demo.waitFor(/dashboard:\s+(http:\/\/\S+?)\/\n/, 60_000);
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}/`);
      // The history makes every panel full at once, the 24 h ones included.
      await page.waitForFunction(() => {
        const panels = [...document.querySelectorAll<HTMLElement>('.panel')];
        return panels.length === 14 && panels.every((p) => p.dataset.state === 'data');
      }, null, { timeout: 30_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'demo-panels.png'), fullPage: true });
      const states = await page.$$eval('.panel', (els) => els.map((e) => [(e as HTMLElement).dataset.panel, (e as HTMLElement).dataset.state]));
      expect(states.map(([, s]) => s)).toEqual(new Array(14).fill('data'));

      await page.waitForFunction(
        // Firing, or firing and inhibited by its critical twin (the page says which).
        (names) => names.every((n) => ['firing', 'inhibited'].includes(document.querySelector<HTMLElement>(`#alerts li[data-alert="${n}"]`)?.dataset.state ?? '')),
        expected,
        { timeout: 120_000 },
      );
      await page.waitForFunction(
        (names) => names.every((n) => [...document.querySelectorAll('#inbox .firing')].some((e) => e.textContent === `FIRING ${n}`)),
        expected,
        { timeout: 30_000 },
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'demo-alerts.png'), fullPage: true });
      expect(errors).toEqual([]);
      // The terminal's inbox printed each alert's firing notification once.
      for (const name of expected) expect([name, demo.output().split(`FIRING   ${name} `).length - 1]).toEqual([name, 1]);
    } finally {
      await browser.close();
      demo.child.kill('SIGINT');
    }
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toMatch(/demo stopped \(SIGINT\) after \d+ notifications; Prometheus, Alertmanager and temp files removed/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });
});
