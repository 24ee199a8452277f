/**
 * The demo page's everyday Grafana features (issue 19, item 4), in a real browser over a real demo of claude-outage:
 * hover tooltips and legends, the time range picker (presets, custom range, drag-to-zoom, reset), pause/resume and
 * the time zone, alert annotations and phase markers, runbook links and the inbox's severity and summary, and the
 * dashboard's variables as dropdowns. Screenshots are kept in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { chromiumForTest, openBrowser } from '../support/browser.js';
import { startCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const chromium = chromiumForTest();
const ARTIFACTS = path.resolve('test-artifacts');
const TIMESERIES = ['Générations par Source', 'Durée Génération', 'Coût par heure', 'Générations Actives'];

/** Each time series chart's x range, simulated seconds, by panel title. */
function xRanges(page: Page): Promise<Record<string, [number, number]>> {
  return page.evaluate((titles) => {
    const out: Record<string, [number, number]> = {};
    for (const t of titles) {
      const plot = (document.querySelector(`.panel[data-panel="${t}"] .body`) as HTMLElement & { plot?: { scales: { x: { min: number; max: number } } } }).plot;
      if (plot) out[t] = [plot.scales.x.min, plot.scales.x.max];
    }
    return out;
  }, TIMESERIES);
}

/** Waits until every time series spans `span` simulated seconds (within two steps), and returns their ranges. */
async function waitForSpan(page: Page, span: number): Promise<Record<string, [number, number]>> {
  const states = () => page.$$eval('.panel[data-type="timeseries"]', (els) => els.map((e) => `${(e as HTMLElement).dataset.panel}: ${(e as HTMLElement).dataset.state}`));
  await page.waitForFunction(
    ([titles, s]) =>
      (titles as string[]).every((t) => {
        const plot = (document.querySelector(`.panel[data-panel="${t}"] .body`) as HTMLElement & { plot?: { scales: { x: { min: number; max: number } } } }).plot;
        return plot !== undefined && Math.abs(plot.scales.x.max - plot.scales.x.min - (s as number)) <= (2 * (s as number)) / 300 + 30;
      }),
    [TIMESERIES, span] as const,
    { timeout: 30_000 },
  ).catch(async (e: Error) => {
    throw new Error(`no chart spans ${span} s: ${JSON.stringify(await xRanges(page))} ${(await states()).join(', ')} (${e.message})`);
  });
  return xRanges(page);
}

/**
 * Pauses or resumes the page's refresh (a no-op when it already is), so that one test's failure leaves no pause
 * behind. Paused, it waits for the refresh in flight to end: the charts then stand still under the mouse.
 */
async function setPaused(page: Page, paused: boolean): Promise<void> {
  if ((await page.locator('body').getAttribute('data-paused')) !== String(paused)) await page.click('#pause');
  expect(await page.locator('body').getAttribute('data-paused')).toBe(String(paused));
  if (paused) await page.waitForFunction(() => document.body.dataset.refreshing === '0', null, { timeout: 30_000 });
}

describe.runIf(available && chromium !== null)("the demo page's Grafana features", () => {
  let demo: ReturnType<typeof startCli>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let url: string;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `page-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // From 50 min: the incident (1 h) starts 5 s after the live run at ×120, LunarClaudeDown fires some 10 s later.
    demo = startCli(['demo', 'claude-outage', '--speed', '120', '--from', '50m', '--port', '0', '--no-grafana']);
    browser = await openBrowser(chromium!);
    [, url] = await demo.waitFor(/dashboard:\s+(http:\/\/\S+?)\/\n/, 90_000);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/`);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.panel')].every((p) => p.dataset.state === 'data'), null, { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    demo?.child.kill('SIGINT');
    await demo?.exited;
  });

  it("shows every series' value at the hovered time on every time series, and a live legend wherever there are several", async () => {
    // Paused: the tooltip and the legend are read one after the other, from charts that must not move in between.
    await setPaused(page, true);
    for (const title of TIMESERIES) {
      const over = page.locator(`.panel[data-panel="${title}"] .u-over`);
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      const tip = page.locator('.tooltip:not([hidden])');
      await expect.poll(() => tip.count()).toBe(1);
      const series = await page.evaluate((t) => (document.querySelector(`.panel[data-panel="${t}"] .body`) as HTMLElement & { plot: { series: { label: string }[] } }).plot.series.slice(1).map((s) => s.label), title);
      expect(series.length).toBeGreaterThan(0);
      expect(await tip.locator('.time').textContent()).toMatch(/^\d\d:\d\d:\d\d UTC · t=-?(\d+h)?(\d+m)?\d+s$/);
      const rows = await tip.locator('.row').evaluateAll((els) => els.map((e) => [e.querySelector('span')!.textContent, e.querySelector('b')!.textContent]));
      // Each row in its series' colour, as the legend's swatch.
      const swatches = await tip.locator('.row i').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      expect([title, swatches.every((c) => /^rgb\(/.test(c))]).toEqual([title, true]);
      expect([title, rows.map(([label]) => label)]).toEqual([title, series]);
      expect([title, rows.some(([, v]) => v !== '–')]).toEqual([title, true]);
      if (series.length > 1) {
        // The live legend shows the same values as the tooltip, at the same instant.
        const legend = await page.locator(`.panel[data-panel="${title}"] .u-legend .u-series:not(:first-child) .u-value`).allTextContents();
        expect([title, legend]).toEqual([title, rows.map(([, v]) => v)]);
      }
      if (title === 'Durée Génération') await shot('tooltip');
    }
    const legends = await page.$$eval('.panel[data-type="timeseries"]', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.panel, (e.querySelector('.body') as HTMLElement & { plot: { series: unknown[] } }).plot.series.length - 1, e.querySelector('.u-legend') !== null]),
    );
    for (const [title, n, hasLegend] of legends) if ((n as number) > 1) expect([title, hasLegend]).toEqual([title, true]);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.tooltip:not([hidden])').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await setPaused(page, false);
  });

  it('sets the range of every panel by preset, by dragging on a chart, and by a custom range in scenario time; reset goes back to 6 h', async () => {
    expect(await page.locator('#range-label').textContent()).toBe('dernières 6h');
    await waitForSpan(page, 6 * 3600);
    await page.click('#presets [data-preset="1h"]');
    await waitForSpan(page, 3600);
    expect(await page.locator('#presets [data-preset="1h"]').getAttribute('aria-pressed')).toBe('true');

    // Drag over the middle half of one chart (paused, so that the chart does not move under the mouse): every chart
    // then shows that stretch.
    await setPaused(page, true);
    const over = page.locator('.panel[data-panel="Générations par Source"] .u-over');
    const box = (await over.boundingBox())!;
    const wanted = await page.evaluate((w) => {
      const plot = (document.querySelector('.panel[data-panel="Générations par Source"] .body') as HTMLElement & { plot: { posToVal(p: number, k: string): number } }).plot;
      return [plot.posToVal(w * 0.25, 'x'), plot.posToVal(w * 0.75, 'x')];
    }, box.width);
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#range-label').getAttribute('data-kind')).toBe('absolute');
    const zoomed = await waitForSpan(page, wanted[1] - wanted[0]);
    for (const [title, [lo, hi]] of Object.entries(zoomed)) {
      // The grid of steps (12 s at this span) may widen the range by a step at each end.
      expect([title, Math.abs(lo - wanted[0]) <= 30, Math.abs(hi - wanted[1]) <= 30]).toEqual([title, true, true]);
    }
    await shot('zoom');

    // A custom range in scenario time, in the history before the live run (which starts at t=50m): t=-2h to t=-1h20m.
    const start = await page.evaluate(async () => ((await (await fetch('/api/v1/dashboard')).json()) as { scenario: { start: number } }).scenario.start / 1000);
    await page.fill('#range-to', 'soon');
    await page.click('#custom-range button[type="submit"]');
    expect(await page.locator('#range-to').getAttribute('aria-invalid')).toBe('true');
    // Nothing to show in the future: refused, the range unchanged.
    await page.fill('#range-from', '10h');
    await page.fill('#range-to', '11h');
    await page.click('#custom-range button[type="submit"]');
    expect(await page.locator('#range-from').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#range-label').getAttribute('data-kind')).toBe('absolute');
    expect(await page.locator('#range-label').textContent()).not.toMatch(/t=10h/);
    await page.fill('#range-from', '-2h');
    await page.fill('#range-to', '-1h20m');
    await page.click('#custom-range button[type="submit"]');
    await expect.poll(() => page.locator('#range-label').textContent()).toBe('t=-2h0m0s → t=-1h20m0s');
    const custom = await waitForSpan(page, 40 * 60);
    for (const [title, [lo, hi]] of Object.entries(custom)) expect([title, Math.abs(lo - (start - 7200)) <= 30, Math.abs(hi - (start - 4800)) <= 30]).toEqual([title, true, true]);
    await shot('custom-range');

    await page.click('#reset-range');
    await waitForSpan(page, 6 * 3600);
    expect(await page.locator('#range-label').textContent()).toBe('dernières 6h');
    await setPaused(page, false);
  });

  it('pauses and resumes the refresh, and says the page is in UTC', async () => {
    expect(await page.locator('#timezone').textContent()).toBe('UTC');
    expect(await page.locator('#clock').textContent()).toMatch(/ UTC · ×120/);
    await page.click('#reset-range');
    await setPaused(page, false);
    await page.click('#pause');
    expect(await page.locator('body').getAttribute('data-paused')).toBe('true');
    // Once the refresh in flight (if any) has ended, nothing may start or change over three refresh periods (1 s each
    // at ×120).
    await page.waitForFunction(() => document.body.dataset.refreshing === '0', null, { timeout: 30_000 });
    const [count, clock] = await Promise.all([page.locator('body').getAttribute('data-refreshes'), page.locator('#clock').textContent()]);
    await page.waitForTimeout(3500);
    expect([await page.locator('body').getAttribute('data-refreshes'), await page.locator('#clock').textContent()]).toEqual([count, clock]);
    await page.click('#pause');
    expect(await page.locator('body').getAttribute('data-paused')).toBe('false');
    await page.waitForFunction((c) => Number(document.body.dataset.refreshes) > Number(c), count, { timeout: 10_000 });
    expect(await page.locator('#clock').textContent()).not.toBe(clock);
  });

  it('shades firing spans and marks the phases on the time series, and names the firing alerts in the tooltip', async () => {
    await page.click('#reset-range');
    await setPaused(page, false);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#alerts li[data-alert="LunarClaudeDown"]')?.dataset.state === 'firing', null, { timeout: 120_000 });
    // The incident phase (1 h) is in the 6 h window: one marker; the page alert's span is drawn on every chart.
    await page.waitForFunction(
      (titles) => titles.every((t) => Number(document.querySelector<HTMLElement>(`.panel[data-panel="${t}"] .body`)?.dataset.spans ?? 0) >= 1),
      TIMESERIES,
      { timeout: 30_000 },
    );
    // Each phase whose start is in a chart's range has its marker (the incident's, and the recovery's once it is past).
    const phases = await page.evaluate(async (titles) => {
      const { scenario } = (await (await fetch('/api/v1/dashboard')).json()) as { scenario: { phases: { at: number }[] } };
      return titles.map((t) => {
        const body = document.querySelector(`.panel[data-panel="${t}"] .body`) as HTMLElement & { plot: { scales: { x: { min: number; max: number } } } };
        const { min, max } = body.plot.scales.x;
        return [Number(body.dataset.phases), scenario.phases.filter((p) => p.at / 1000 >= min && p.at / 1000 <= max).length];
      });
    }, TIMESERIES);
    for (const [drawn, inRange] of phases) expect([drawn, drawn >= 1]).toEqual([inRange, true]);
    await setPaused(page, true);
    const over = page.locator('.panel[data-panel="Générations par Source"] .u-over');
    const box = (await over.boundingBox())!;
    // The latest point: the page alert fires there.
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await expect.poll(() => page.locator('.tooltip:not([hidden]) .alert').allTextContents()).toContain('▲ LunarClaudeDown firing');
    await shot('annotations');
    await page.mouse.move(0, 0);
    await setPaused(page, false);
  });

  it('links each alert to its runbook, and gives each notification its severity and summary', async () => {
    const link = page.locator('#alerts li[data-alert="LunarClaudeDown"] a.runbook');
    expect(await link.getAttribute('title')).toBe('docs/runbooks.md#lunarclaudedown');
    const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(`${url}/docs/runbooks.md#lunarclaudedown`);
    const runbook = await page.request.get(href);
    expect([runbook.status(), runbook.headers()['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(await runbook.text()).toContain('## LunarClaudeDown');
    expect(await page.locator('#alerts li a.runbook').count()).toBe(await page.locator('#alerts li').count());

    await page.waitForFunction(() => [...document.querySelectorAll('#inbox .note[data-status="firing"]')].some((n) => n.textContent?.startsWith('FIRING LunarClaudeDown')), null, { timeout: 60_000 });
    const note = page.locator('#inbox .note[data-status="firing"]', { hasText: 'FIRING LunarClaudeDown' }).first();
    expect(await note.locator('.severity').textContent()).toBe('critical');
    expect((await note.locator('.summary').textContent())!.length).toBeGreaterThan(10);
    await shot('alerts-inbox');
  });

  it("offers $interval and $model as dropdowns, resolves the panels' queries with the choice, and refuses a bad value naming the field", async () => {
    const intervals = await page.$$eval('#variables [data-variable="interval"] option', (els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(intervals).toEqual(['5m', '15m', '1h', '6h', '24h']);
    const expected = await page.evaluate(async () => {
      const m = (await (await fetch('/api/v1/dashboard?var-interval=1h')).json()) as { rows: { panels: { title: string; targets: { query: string }[] }[] }[] };
      return m.rows.flatMap((r) => r.panels).find((p) => p.title === 'Générations par Source')!.targets[0].query;
    });
    const asked = page.waitForRequest((r) => r.url().includes('/query_range?') && new URL(r.url()).searchParams.get('query') === expected, { timeout: 30_000 });
    await page.selectOption('#variables [data-variable="interval"] select', '1h');
    await asked;
    expect(new URL(page.url()).searchParams.getAll('var-interval')).toEqual(['1h']);

    await page.click('#variables [data-variable="model"] summary');
    // The models Prometheus has, read as the list opens.
    await page.waitForFunction(() => document.querySelectorAll('#variables [data-variable="model"] input').length > 1, null, { timeout: 30_000 });
    const models = await page.$$eval('#variables [data-variable="model"] input', (els) => els.map((e) => (e as HTMLInputElement).value));
    expect(models[0]).toBe('$__all');
    const claude = models.find((m) => m.startsWith('claude'))!;
    expect(claude).toBeDefined();
    const escaped = claude.replaceAll('.', '\\\\.');
    const byModel = page.waitForRequest((r) => r.url().includes('/query_range?') && (new URL(r.url()).searchParams.get('query') ?? '').includes(`model=~"${escaped}"`), { timeout: 30_000 });
    await page.check(`#variables [data-variable="model"] input[value="${claude}"]`);
    await byModel;
    expect(await page.locator('#variables [data-variable="model"] input[value="$__all"]').isChecked()).toBe(false);
    expect(await page.locator('#variables [data-variable="model"] summary').textContent()).toBe(`Modèle: ${claude}`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.panel[data-panel="Générations par Source"]')?.dataset.state === 'data', null, { timeout: 30_000 });
    await shot('variables');

    const bad = await page.request.get(`${url}/api/v1/dashboard?var-interval=7m`);
    expect([bad.status(), (await bad.json()).fields]).toEqual([400, [{ field: 'var-interval', message: '"7m" is not one of 5m, 15m, 1h, 6h, 24h' }]]);
    expect(errors).toEqual([]);
  });
});
