/**
 * The CLI's side of issue 10: flags and files beyond the limits get one line and a documented exit code, at once,
 * before anything is simulated, started or written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('run flags', () => {
  it.each([
    ['Infinity', /^lunar-sim: --speed Infinity: expected a number from 0\.01 to 10,000$/],
    ['NaN', /^lunar-sim: --speed NaN: expected a number from 0\.01 to 10,000$/],
    ['-5', /^lunar-sim: --speed -5: expected a number from 0\.01 to 10,000$/],
    ['1e9', /^lunar-sim: --speed 1e9: expected a number from 0\.01 to 10,000$/],
  ])('refuses --speed %s in one line, exit 2', (speed, message) => {
    const r = runCli(['run', 'baseline', '--port', '0', `--speed=${speed}`]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(message);
  });

  it('refuses a speed at which, per generation, the scenario makes more generations per real second than a run keeps up with', () => {
    const file = path.join(dir, 'busy.yaml');
    writeFileSync(file, 'name: busy\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 1000/s }\n');
    // Under auto the same run simulates in aggregate (test/runtime/live-lag.test.ts): only a forced per-generation run is refused.
    const r = runCli(['run', file, '--port', '0', '--speed', '100', '--simulation', 'per-generation']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^lunar-sim: --speed 100: .* 100,000 generations per real second; a live run per generation keeps up with at most 50,000/);
  });

  it.each([
    ['--from', '100y', /^lunar-sim: --from 100y: at most 1h, the scenario's duration$/],
    ['--duration', '100y', /^lunar-sim: --duration 100y: at most 30d$/],
    ['--port', '1e9', /^lunar-sim: --port 1000000000: expected a whole number from 0 to 65535$/],
    ['--seed', '1.5', /^lunar-sim: --seed 1\.5: must be an integer/],
  ])('refuses %s %s in one line, exit 2', (flag, value, message) => {
    const file = path.join(dir, 'short.yaml');
    writeFileSync(file, 'name: short\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 1/min }\n');
    const r = runCli(['run', file, ...(flag === '--port' ? [] : ['--port', '0']), flag, value]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(message);
  });
});

describe('validate and verify on files beyond the limits', () => {
  it('refuses a FIFO and /dev/zero at once, exit 2', () => {
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = runCli(['validate', fifo, '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lunar-sim: cannot read ${fifo}: not a regular file (a FIFO)\nlunar-sim: cannot read /dev/zero: not a regular file (a character device)\n`);
  });

  it('reports step: 0s as a scenario problem, not an unexpected error', () => {
    const file = path.join(dir, 'step0.yaml');
    writeFileSync(file, 'name: step0\nsummary: x\nseed: 1\nduration: 1h\nstep: 0s\ntraffic: { rate: 1/min }\n');
    const r = runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:5:1 step: at least 1s`);
    expect(r.stderr).not.toMatch(/unexpected/);
  });

  it('refuses to verify a scenario whose samples would not fit, before simulating anything', () => {
    const file = path.join(dir, 'long.yaml');
    writeFileSync(file, 'name: long\nsummary: x\nseed: 1\nwarmup: 7d\nduration: 30d\nstep: 1s\ntraffic: { rate: 1/min }\n');
    const validate = runCli(['validate', file]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/ok \(long, 0 phases\); too large to verify: /);
    const verify = runCli(['verify', file]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/step: 3,196,801 steps × \d+ series = [\d,]+ samples; verify takes at most 32,000,000/);
    expect(verify.stderr).not.toMatch(/simulate…/);
  });
});

describe('the control API token', () => {
  it('comes from LUNAR_SIM_TOKEN or --token-file, never needing the command line', async () => {
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'from-file\n', { mode: 0o600 });
    for (const [args, env, token] of [
      [['--token-file', tokenFile], {}, 'from-file'],
      [[], { LUNAR_SIM_TOKEN: 'from-env' }, 'from-env'],
    ] as const) {
      const saved = process.env.LUNAR_SIM_TOKEN;
      Object.assign(process.env, env);
      const cli = startCli(['run', 'baseline', '--port', '0', ...args]);
      if (saved === undefined) delete process.env.LUNAR_SIM_TOKEN;
      else process.env.LUNAR_SIM_TOKEN = saved;
      try {
        const [, url] = await cli.waitFor(/metrics:\s+(http:\/\/\S+)\/metrics/);
        const put = (authorization?: string) =>
          fetch(`${url}/api/v1/profile`, { method: 'PUT', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: '{}' });
        expect((await put()).status).toBe(401);
        expect((await put(`Bearer ${token}`)).status).toBe(200);
        expect(cli.output()).not.toContain(token);
      } finally {
        cli.child.kill('SIGTERM');
      }
      expect(await cli.exited).toBe(0);
    }
  });
});
