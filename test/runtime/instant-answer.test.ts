/**
 * A generation whose simulated duration is shorter than an event-loop turn (at this speed) is answered at once: no
 * timer can wait that little, and deferring it cost the endpoint a third of its throughput. Longer ones still wait.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

function scenarioWithClaudeTaking(ttft: string): ReturnType<typeof parseScenario> {
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
  // Timers and Date frozen; setImmediate and nextTick real (inject() runs on them).
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
  app = undefined;
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
