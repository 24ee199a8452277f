/**
 * When a live generation answers. One longer than Node's longest timer (2^31−1 ms, 24.8 days) answers when it ends,
 * not at once (issue 10, part 2): vitest's fake timers reproduce Node's overflow (a longer delay fires after 1 ms).
 * One shorter than an event-loop turn answers at once: no timer can wait that little, and deferring it cost the
 * endpoint a third of its throughput.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { buildApp } from '../../src/server/app.js';

const DAY_MS = 86_400_000;
const scenario = parseScenario(
  `name: long
summary: every call hangs for 30 days
seed: 2
duration: 30d
traffic: { rate: 0/min }
base:
  cache: { hit_ratio: 0 }
  templates: { latency: { median: 1s, sigma: 0 } }
  claude: { errors: {}, hang: { probability: 1, duration: 30d } }
`,
  'long.yaml',
);

function scenarioWithClaudeTaking(ttft: string): Scenario {
  return parseScenario(
    `name: quick
summary: every call goes to Claude, which answers after ${ttft} and one token
seed: 3
duration: 1h
traffic: { rate: 0/min }
base:
  cache: { hit_ratio: 0 }
  claude: { errors: {}, ttft: { median: ${ttft}, sigma: 0 }, output_tokens: { median: 1, sigma: 0 }, tokens_per_second: { median: 100000, sigma: 0 } }
`,
    'quick.yaml',
  );
}

let app: FastifyInstance | undefined;
beforeEach(() => {
  // Only timers and Date: fastify's inject() runs on setImmediate/nextTick, which must stay real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
  app = undefined;
});

describe('a 30-day hang at speed 1', () => {
  it('holds the request for 30 days of the clock, then answers', async () => {
    const origin = Date.now();
    const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => Date.now() - origin });
    app = await buildApp({ port: run });
    let answered = false;
    const pending = app
      .inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: payloadGenerator(1)() })
      .finally(() => (answered = true));
    // The request reaches the simulation a few (real) event-loop turns later.
    for (let i = 0; i < 100 && run.status().activeGenerations === 0; i++) await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(1000);
    expect(answered).toBe(false);
    // The simulation has not jumped to the hang's end: it is one second into the run.
    expect(run.status().scenarioSeconds).toBe(1);
    expect(run.status().activeGenerations).toBe(1);

    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 2000);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(3000);
    const r = await pending;
    expect(r.statusCode).toBe(200);
    // 30 days of hang plus the 1 s template.
    expect(r.json()).toMatchObject({ source: 'db_template', fallback_type: 'timeout', duration_seconds: 30 * 86_400 + 1 });
    expect(run.status().activeGenerations).toBe(0);
  });
});

async function post(ttft: string): Promise<{ answered: () => boolean; pending: Promise<{ statusCode: number; json: () => unknown }> }> {
  const origin = Date.now();
  const run = new LiveRun(scenarioWithClaudeTaking(ttft), { speed: 1, selfDriven: false, elapsed: () => Date.now() - origin });
  app = await buildApp({ port: run });
  let done = false;
  const pending = app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: payloadGenerator(1)() }).finally(() => (done = true));
  for (let i = 0; i < 100 && !done; i++) await new Promise((r) => setImmediate(r));
  return { answered: () => done, pending };
}

describe('answers due sooner than a timer can wait', () => {
  it('a 10 µs generation is answered without the clock moving', async () => {
    const { answered, pending } = await post('0s');
    expect(answered()).toBe(true);
    const r = await pending;
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ source: 'claude', duration_seconds: 0.00001 });
  });

  it('a 2 ms generation still waits for its timer', async () => {
    const { answered, pending } = await post('2ms');
    expect(answered()).toBe(false);
    await vi.advanceTimersByTimeAsync(3);
    expect(answered()).toBe(true);
    expect((await pending).statusCode).toBe(200);
  });
});

describe('LiveRun.generate', () => {
  it('returns a generation that has already ended as it is, and a promise for one still running', async () => {
    const origin = Date.now();
    const quick = new LiveRun(scenarioWithClaudeTaking('0s'), { speed: 1, selfDriven: false, elapsed: () => Date.now() - origin });
    const ended = quick.generate();
    expect(ended).not.toBeInstanceOf(Promise);
    expect(ended).toMatchObject({ source: 'claude', durationSeconds: 0.00001 });
    const slow = new LiveRun(scenarioWithClaudeTaking('2ms'), { speed: 1, selfDriven: false, elapsed: () => Date.now() - origin });
    const running = slow.generate();
    expect(running).toBeInstanceOf(Promise);
    await vi.advanceTimersByTimeAsync(3);
    await expect(running).resolves.toMatchObject({ source: 'claude' });
  });
});
