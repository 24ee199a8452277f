/**
 * A real Alertmanager that tells what an alert timeline notifies: every state of the timeline (alert-states.ts) is
 * posted at once, each alert labelled with its run and state (judging-config.ts keeps states apart), and
 * Alertmanager's own API answers which groups each state forms, for which receiver, and which alerts inhibition
 * mutes. Routing, grouping and inhibition are Alertmanager's; only the states' order is ours
 * (notification-episodes.ts). One Alertmanager serves every timeline of a verify run.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ChildProcessError, UsageError } from '../errors.js';
import { startAlertmanager } from '../prometheus/alertmanager.js';
import type { Scratch } from '../prometheus/scratch.js';
import type { AlertState } from './alert-states.js';
import { judgingConfig, RUN_LABEL, STATE_LABEL } from './judging-config.js';

/** One group of one state, as Alertmanager formed it. */
export interface StateGroup {
  state: number;
  receiver: string;
  /** The group's labels (its `group_by` values), the separating labels removed. */
  labels: Record<string, string>;
  alerts: { labels: Record<string, string>; active: boolean }[];
}

interface ApiGroup {
  labels: Record<string, string>;
  receiver: { name: string };
  alerts: { labels: Record<string, string>; status: { state: string } }[];
}

const SETTLE_TIMEOUT_MS = 20_000;
/** Alerts outlive any verify run; they are resolved when their run has been read. */
const HOLD_MS = 24 * 3_600_000;

function withoutSeparating(labels: Record<string, string>): Record<string, string> {
  const { [RUN_LABEL]: _run, [STATE_LABEL]: _state, ...rest } = labels;
  return rest;
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new ChildProcessError(`alertmanager answered ${response.status} to ${url}: ${(await response.text()).slice(0, 200)}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export class AlertmanagerOracle {
  private runs = 0;

  private constructor(
    readonly url: string,
    /** The configuration judged (the user's file). */
    readonly configFile: string,
  ) {}

  /** Starts an Alertmanager on the judging copy of `configFile`, stopped with `scratch`. */
  static async start(bin: string, configFile: string, scratch: Scratch): Promise<AlertmanagerOracle> {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the Alertmanager configuration ${configFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const file = path.join(scratch.tempDir('alertmanager-config'), 'judging.yml');
    writeFileSync(file, judgingConfig(text, configFile));
    const am = await startAlertmanager(bin, file, scratch);
    return new AlertmanagerOracle(am.url, configFile);
  }

  /** The groups every state forms, by state index. */
  async groups(states: readonly AlertState[]): Promise<StateGroup[]> {
    if (states.length === 0) return [];
    const run = `r${++this.runs}`;
    const now = Date.now();
    const alerts = states.flatMap((s, i) => s.firing.map((labels) => ({ labels: { ...labels, [RUN_LABEL]: run, [STATE_LABEL]: String(i) } })));
    const post = (endsAt: number): Promise<unknown> =>
      api(`${this.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts.map((a) => ({ ...a, startsAt: new Date(now).toISOString(), endsAt: new Date(endsAt).toISOString() }))),
      });
    await post(now + HOLD_MS);
    const groups = await this.settled(run, alerts.length);
    await post(Date.now());
    return groups.map((g) => ({
      state: Number(g.alerts[0].labels[STATE_LABEL]),
      receiver: g.receiver.name,
      labels: withoutSeparating(g.labels),
      alerts: g.alerts.map((a) => ({ labels: withoutSeparating(a.labels), active: a.status.state === 'active' })),
    }));
  }

  /**
   * The run's groups once Alertmanager has taken in every alert and its inhibitions have stopped changing: two reads
   * in a row that agree, with every alert placed. Alertmanager dispatches and inhibits asynchronously after a POST.
   */
  private async settled(run: string, expected: number): Promise<ApiGroup[]> {
    const query = `${this.url}/api/v2/alerts/groups?filter=${encodeURIComponent(`${RUN_LABEL}="${run}"`)}`;
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    let previous = '';
    while (performance.now() < deadline) {
      const groups = await api<ApiGroup[]>(query);
      const placed = new Set(groups.flatMap((g) => g.alerts.map((a) => JSON.stringify(Object.entries(a.labels).sort()))));
      const seen = JSON.stringify(groups.map((g) => [g.receiver.name, g.labels, g.alerts.map((a) => [a.labels, a.status.state])]).sort());
      if (placed.size === expected && seen === previous) return groups;
      previous = placed.size === expected ? seen : '';
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new ChildProcessError(`alertmanager did not settle the groups of ${expected} alerts within ${SETTLE_TIMEOUT_MS / 1000} s`);
  }
}
