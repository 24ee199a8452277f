/**
 * A live run at 60,000/min: how fast /healthz answers while it runs, and what /api/v1/status says about the lag — at
 * speed ×1000 (a million generations per real second) in the default mode (aggregate), and forced per generation at
 * the most a per-generation run accepts (×50: 50,000 a second). /healthz is polled every 100 ms
 * for 10 s, after a second of start-up.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LiveStatus } from '../src/server/port.js';

const SCENARIO = `name: heavy-live
summary: 60,000 requests a minute, flat
seed: 1
duration: 30d
traffic: { rate: 60000/min }
`;

export interface HeavyLive {
  healthzMs: { min: number; median: number; p99: number; max: number };
  status: LiveStatus;
  realSeconds: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export async function heavyLive(simulation: 'auto' | 'per-generation', speed: number, seconds = 10): Promise<HeavyLive> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-bench-'));
  const file = path.join(dir, 'heavy-live.yaml');
  writeFileSync(file, SCENARIO);
  const child = spawn(process.execPath, ['bin/lunar-sim.js', 'run', file, '--port', '0', '--speed', String(speed), '--simulation', simulation], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /status:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`run exited with ${code}: ${out}`)));
    });
    // A second to start (the first tick builds the outcome tables, the JIT warms up): a health check polls a server
    // that is up.
    await new Promise((r) => setTimeout(r, 1000));
    const started = performance.now();
    const latencies: number[] = [];
    while (performance.now() - started < seconds * 1000) {
      const t0 = performance.now();
      await (await fetch(`${url}/healthz`)).text();
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    const status = (await (await fetch(`${url}/api/v1/status`)).json()) as LiveStatus;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      healthzMs: { min: sorted[0], median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] },
      status,
      realSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
