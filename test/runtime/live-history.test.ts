import { describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/runtime/live-run.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { parseScenario } from '../../src/scenario/parse.js';

const scenario = parseScenario(
  `name: history
summary: a live run that continues its backfilled history
seed: 77
warmup: 2h
duration: 2h
traffic: { rate: 30/min }
phases:
  - { name: errors, at: 30m, profile: { claude: { errors: { api_error: 0.5 } } } }
`,
  'history.yaml',
);

/** Every sample of a Prometheus text exposition, keyed by `name{labels}`. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function key(name: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

describe('a live run with history', () => {
  it('samples the warm-up exactly as a virtual run does, then continues the very same simulation live', async () => {
    let elapsed = 0;
    const run = new LiveRun(scenario, { speed: 60, selfDriven: true, elapsed: () => elapsed, history: { span: scenario.warmup, step: scenario.step } });
    const virtual = runVirtual(scenario);
    const history = run.history!;
    // The history is the virtual run's first rows: same times, same values, column by column.
    expect(history.times).toEqual(virtual.log.times.slice(0, history.times.length));
    expect(history.times[history.times.length - 1]).toBe(scenario.start);
    for (const [i, c] of history.columns.entries()) expect(c.values).toEqual(virtual.log.columns[i].values.slice(0, history.times.length));

    // The clock stands at time 0 until start() names the moment the live part begins.
    elapsed = 50_000;
    expect(run.status().scenarioSeconds).toBe(0);
    run.start(60_000);
    run.stop();
    elapsed = 60_000 + 45_000; // 45 real seconds at ×60: 45 simulated minutes
    const live = samples((await run.render('prometheus')).body);
    const row = virtual.log.times.indexOf(scenario.start + 45 * 60_000);
    expect(row).toBeGreaterThan(0);
    // Live and virtual draw the same arrivals from the same streams: every counter matches exactly, no reset.
    for (const c of virtual.log.columns) expect([c.name, live.get(key(c.name, c.labels))]).toEqual([c.name, c.values[row]]);
  });

  it('ends its history exactly at the starting point even off the step grid', () => {
    const run = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0, from: 7_000, history: { span: 60_000, step: 15_000 } });
    const times = run.history!.times.map((t) => t - scenario.start);
    expect(times).toEqual([-53_000, -38_000, -23_000, -8_000, 7_000]);
  });
});
