import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

async function metricsOf(base: string): Promise<{ generated: number; active: number; bySource: Record<string, number> }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const bySource: Record<string, number> = {};
  for (const m of text.matchAll(/^lunar_interpretation_generated_total\{source="(\w+)",model="[^"]*"\} (\d+)$/gm)) {
    bySource[m[1]] = (bySource[m[1]] ?? 0) + Number(m[2]);
  }
  const active = Number(/^lunar_interpretation_active_generations (\d+)$/m.exec(text)![1]);
  return { generated: Object.values(bySource).reduce((s, n) => s + n, 0), active, bySource };
}

describe('lunar-sim load against lunar-sim run --traffic external', () => {
  it('makes exactly N generations for N requests, and leaves nothing in flight', async () => {
    // ×100: a 10 s Claude call answers in 0.1 s of real time.
    const server = startCli(['run', 'baseline', '--traffic', 'external', '--port', '0', '--speed', '100']);
    try {
      const [, base] = await server.waitFor(/metrics:\s+(http:\/\/\S+)\/metrics/);
      expect((await metricsOf(base)).generated).toBe(0);
      const dir = mkdtempSync(path.join(process.cwd(), '.tmp-load-'));
      try {
        const report = path.join(dir, 'report.json');
        const r = runCli(['load', '--url', base, '--rate', '100/s', '--requests', '300', '--json', report]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^status\s+200: 300$/m);
        const json = JSON.parse(readFileSync(report, 'utf8'));
        expect(json.requests).toBe(300);
        const m = await metricsOf(base);
        expect(m.generated).toBe(300);
        expect(m.active).toBe(0);
        // The load report's sources match the metrics, source by source.
        expect(json.sources).toEqual(Object.fromEntries(Object.entries(m.bySource).filter(([, n]) => n > 0)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('says so when nothing answers, exit 2', () => {
    const r = runCli(['load', '--url', 'http://127.0.0.1:9', '--rate', '5/s', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:9\/v1\/lunar\/interpretations/);
  });

  it('refuses a bad rate, exit 2', () => {
    expect(runCli(['load', '--url', 'http://127.0.0.1:9', '--rate', 'fast']).stderr).toMatch(/--rate fast: expected a rate/);
  });
});

describe('the k6 scripts', () => {
  const probe = mkdtempSync(path.join(process.cwd(), '.tmp-k6-'));
  afterAll(() => rmSync(probe, { recursive: true, force: true }));

  it('are type-checked against @types/k6: a deliberate type error in one fails the check', () => {
    // The probe sits two levels under the repository, like scenarios/k6/, so the scripts' relative imports resolve.
    const k6dir = path.join(probe, 'k6');
    spawnSync('cp', ['-r', 'scenarios/k6', k6dir]);
    const tsc = path.join('node_modules', 'typescript', 'bin', 'tsc');
    const clean = spawnSync(process.execPath, [tsc, '-p', path.join(k6dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
    const steady = path.join(k6dir, 'steady.ts');
    writeFileSync(steady, readFileSync(steady, 'utf8').replace('      rate,\n', "      rate: 'fast',\n"));
    const broken = spawnSync(process.execPath, [tsc, '-p', path.join(k6dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).toMatch(/steady\.ts\(\d+,\d+\): error TS/);
  });
});
