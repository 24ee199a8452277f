/**
 * A push that gives up (issue 20, finding 9) says how far it got: the scenario time before which every sample is
 * stored, and the `--from` that sends the rest. Checked against a real Prometheus: the push that resumes from there
 * completes the history exactly, without a gap or a duplicate.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROMETHEUS } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { seriesAcrossPods } from '../../src/remote-write/push-history.js';
import { planHistory, type PushSpan } from '../../src/remote-write/time-axis.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { runCliAsync } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';
import { readBack, runSamples, sampleDifferences } from '../support/read-back.js';
import { startReceiver, type Receiver, type RecordedRequest } from '../support/receiver.js';

const prometheus = binaryForTest(PROMETHEUS);
const scratch = new Scratch();
let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});
afterAll(() => scratch.dispose());

const labels = { job: 'lunar-sim', instance: 'lunar-sim' };

function expectedRun(name: string, span: PushSpan) {
  const plan = planHistory(loadScenario(name), span, Date.now(), seriesAcrossPods);
  return { plan, samples: runSamples(runVirtual(plan.scenario).log, plan.fromMs, plan.toMs, labels) };
}

/** The earliest sample time a request carries. */
function firstSample(q: RecordedRequest): number {
  return Math.min(...q.series.flatMap((s) => s.samples.map((x) => x.timestamp)));
}

async function emptyPrometheus(config?: string): Promise<{ url: string; write: string }> {
  const { url } = await startPrometheus(prometheus!, scratch.tempDir('tsdb'), scratch, config, ['--web.enable-remote-write-receiver']);
  return { url, write: `${url}/api/v1/write` };
}

const RESUME = /gave up after 1 retries: HTTP 500 Internal Server Error: disk full; every sample before scenario time (\S+) \((\S+)\) (is stored, none after|is stored, and some series up to \S+): send the rest with --from (\S+)(?: --start-at (\S+))?(?: \(the receiver must then take those series' older samples again: Prometheus needs an out-of-order window, see docs\/cli\.md\))?\n$/;

describe.runIf(prometheus !== null)('a push that gives up', () => {
  it.each([
    ['without --start-at', [] as string[], {} as PushSpan],
    ['with --start-at', ['--start-at', '2026-03-02T10:00:00Z'], { startAt: Date.parse('2026-03-02T10:00:00Z') }],
  ])('says where to resume, and resuming there completes the history exactly (%s)', async (_, startAt, span) => {
    const prom = await emptyPrometheus();
    const expected = expectedRun('api-down', span);
    // Down from 20 minutes of data on: every request from there fails, whichever shard it belongs to.
    const down = expected.plan.fromMs + 20 * 60_000;
    receiver = await startReceiver((q) => (firstSample(q) < down ? { forward: prom.write } : { status: 500, body: 'disk full' }));
    const first = await runCliAsync(['push', 'api-down', '--url', receiver.url, '--retries', '1', '--concurrency', '2', ...startAt]);
    expect(first.code).toBe(2);
    const said = RESUME.exec(first.stderr);
    expect(said, first.stderr).not.toBeNull();
    const [, time, iso, stored, from, at] = said!;
    expect([stored, from, Date.parse(iso)]).toEqual(['is stored, none after', time, down]);
    expect(at).toBe(startAt.length ? iso : undefined);
    const resumed = await runCliAsync(['push', 'api-down', '--url', prom.write, '--from', from, ...(at ? ['--start-at', at] : [])]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const read = await readBack(prom.url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, read)).toEqual([]);
  });

  it('says when one shard got further than another, and the resume completes the history in a receiver with an out-of-order window', async () => {
    const prom = await emptyPrometheus('global: {}\nscrape_configs: []\nstorage:\n  tsdb:\n    out_of_order_time_window: 100d\n');
    // The 6th request to arrive fails, and every one after it: the first shard's third request is in, the second's is not.
    receiver = await startReceiver((_, i) => (i < 5 ? { forward: prom.write } : { status: 500, body: 'disk full' }));
    const first = await runCliAsync(['push', 'api-down', '--url', receiver.url, '--retries', '1', '--concurrency', '2']);
    const said = RESUME.exec(first.stderr);
    expect(said, first.stderr).not.toBeNull();
    expect(said![3]).toMatch(/^is stored, and some series up to /);
    expect(first.stderr).toContain('Prometheus needs an out-of-order window');
    const resumed = await runCliAsync(['push', 'api-down', '--url', prom.write, '--from', said![4]]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const expected = expectedRun('api-down', {});
    const read = await readBack(prom.url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, read)).toEqual([]);
  });

  it('says so when nothing was stored', async () => {
    receiver = await startReceiver(() => ({ status: 500, body: 'disk full' }));
    const first = await runCliAsync(['push', 'api-down', '--url', receiver.url, '--retries', '0']);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/disk full; nothing was stored\n$/);
  });
});
