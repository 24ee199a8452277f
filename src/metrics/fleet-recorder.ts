/**
 * One Recorder per pod, as each replica of the real API has its own process and its own counters. A scrape target is
 * a pod that is current and up; its series carry the `instance` and `pod` target labels when the run is a fleet.
 */
import type { OutcomeSink } from '../model/aggregate/aggregate-traffic.js';
import type { Outcome } from '../model/aggregate/outcome-table.js';
import type { FleetListener, Pod } from '../model/fleet.js';
import type { Generation } from '../model/generation.js';
import type { GenerationSink } from '../model/simulation.js';
import { targetLabels } from './catalogue.js';
import { Recorder, type LabelDomain } from './recorder.js';
import type { Labels, MetricStore } from './store.js';

/** What one scrape of one target returns: the labels Prometheus attaches, and the values. */
export interface ScrapeTarget {
  /** Stable per pod (and per slot for live listeners). */
  pod: Pod;
  labels: Labels;
  store: MetricStore;
}

export class FleetRecorder implements GenerationSink, FleetListener, OutcomeSink {
  private readonly domain: LabelDomain;
  private readonly labelled: boolean;
  /** By pod id: pods that can still be scraped; replaced pods are dropped (nobody scrapes them again). */
  private readonly recorders: ({ pod: Pod; recorder: Recorder; labels: Labels } | undefined)[] = [];

  /** `labelled`: series carry `instance` and `pod` (a fleet); false for a single process, as before fleets. */
  constructor(domain: LabelDomain, labelled: boolean) {
    this.domain = domain;
    this.labelled = labelled;
  }

  podCreated(pod: Pod): void {
    this.recorders.forEach((r, id) => {
      if (r && !r.pod.current) this.recorders[id] = undefined;
    });
    this.recorders[pod.id] = { pod, recorder: new Recorder(this.domain), labels: this.labelled ? targetLabels(pod.slot, pod.revision) : {} };
  }

  podRestarted(pod: Pod): void {
    this.recorders[pod.id]?.recorder.restarted();
  }

  podLost(): void {}

  started(g: Generation): void {
    this.recorders[g.pod]?.recorder.started();
  }

  completed(g: Generation): void {
    this.recorders[g.pod]?.recorder.completed(g);
  }

  arrived(pod: Pod, count: number): void {
    this.recorders[pod.id]?.recorder.startedMany(count);
  }

  completedOutcomes(pod: Pod, outcome: Outcome, count: number): void {
    this.recorders[pod.id]?.recorder.completedOutcomes(outcome, count);
  }

  completedByUser(pod: Pod, source: string, model: string, counts: readonly (readonly [string, number])[]): void {
    this.recorders[pod.id]?.recorder.completedByUser(source, model, counts);
  }

  /** The recorder of a pod (undefined once replaced). */
  recorderOf(podId: number): Recorder | undefined {
    return this.recorders[podId]?.recorder;
  }

  /** The targets a scrape reaches now: current pods that are up, in slot order. */
  targets(): ScrapeTarget[] {
    const out: ScrapeTarget[] = [];
    for (const r of this.recorders) {
      if (r && r.pod.current && !r.pod.down) out.push({ pod: r.pod, labels: r.labels, store: r.recorder.store });
    }
    return out.sort((a, b) => a.pod.slot - b.pod.slot);
  }
}
