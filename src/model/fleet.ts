/**
 * The replicas of the simulated API and the load balancer in front of them. A slot is a place in the fleet
 * (replica 0…N−1); a pod is one process occupying a slot. A restart keeps the pod (its counters go back to 0), a
 * rolling deploy replaces it by a new pod (new labels, new series), a crash takes it off the load balancer and out
 * of scrapes until it recovers. Generations belong to the pod that served them: when a pod's process dies, those in
 * flight are lost (their epoch is stale).
 */
import type { RandomStream } from '../core/random.js';

export const BALANCERS = ['round-robin', 'least-in-flight', 'random'] as const;
export type Balancer = (typeof BALANCERS)[number];

/** What happens to the pod of one slot at one instant. */
export type ReplicaChange =
  /** The process dies: its generations in flight are lost, it takes no traffic and no scrape succeeds. */
  | 'crash'
  /** Back after a crash: a fresh process, counters at 0. */
  | 'recover'
  /** The process restarts at once: generations in flight are lost, counters start again at 0, same pod. */
  | 'restart'
  /** Rolling deploy: a new pod takes the slot; the old one finishes its work in flight, no longer scraped. */
  | 'replace'
  /** The load balancer stops sending it new requests; work in flight completes. */
  | 'drain'
  | 'undrain';

export interface ReplicaTransition {
  /** Simulated time, ms since epoch. */
  at: number;
  slot: number;
  change: ReplicaChange;
}

export interface Pod {
  readonly id: number;
  readonly slot: number;
  /** 0 for the pods the run starts with, +1 at each rolling deploy of the slot. */
  readonly revision: number;
  /** Bumped when the process dies or restarts: generations started under an older epoch are lost. */
  epoch: number;
  inFlight: number;
  down: boolean;
  draining: boolean;
  /** False once a rolling deploy replaced it: no traffic, no scrapes. */
  current: boolean;
}

/** Told about pod lifecycles, so that each process gets (and resets) its own metrics. */
export interface FleetListener {
  /** A new pod exists (at the start of the run, or a rolling deploy): its counters start at 0. */
  podCreated(pod: Pod): void;
  /** The pod's process starts again (after a crash or a restart): counters back to 0. */
  podRestarted(pod: Pod): void;
  /** Generations of `pod` that were in flight are lost (crash, restart). */
  podLost(pod: Pod): void;
}

export interface FleetOptions {
  replicas: number;
  balancer: Balancer;
  /** In time order. */
  transitions: readonly ReplicaTransition[];
}

export const SINGLE_REPLICA: FleetOptions = { replicas: 1, balancer: 'round-robin', transitions: [] };

export class Fleet {
  readonly pods: Pod[] = [];
  /** The current pod of each slot. */
  readonly slots: Pod[] = [];
  private readonly balancer: Balancer;
  private readonly transitions: readonly ReplicaTransition[];
  private readonly listener: FleetListener;
  private nextTransition = 0;
  private cursor = 0;

  constructor(o: FleetOptions, listener: FleetListener) {
    this.balancer = o.balancer;
    this.transitions = o.transitions;
    this.listener = listener;
    for (let slot = 0; slot < o.replicas; slot++) this.slots.push(this.create(slot, 0));
  }

  /** Time of the next replica transition, Infinity when none is left. */
  nextTransitionTime(): number {
    return this.nextTransition < this.transitions.length ? this.transitions[this.nextTransition].at : Infinity;
  }

  /** Applies the next transition (the caller checks its time). */
  applyNextTransition(): void {
    const { slot, change } = this.transitions[this.nextTransition++];
    const pod = this.slots[slot];
    switch (change) {
      case 'crash':
        this.lose(pod);
        pod.down = true;
        break;
      case 'recover':
        pod.down = false;
        this.listener.podRestarted(pod);
        break;
      case 'restart':
        this.lose(pod);
        this.listener.podRestarted(pod);
        break;
      case 'replace':
        pod.current = false;
        this.slots[slot] = this.create(slot, pod.revision + 1);
        this.slots[slot].draining = pod.draining;
        break;
      case 'drain':
        pod.draining = true;
        break;
      case 'undrain':
        pod.draining = false;
        break;
    }
  }

  /** The pod that gets the next request, or null when no pod takes traffic. */
  route(random: RandomStream): Pod | null {
    const slots = this.slots;
    const n = slots.length;
    if (n === 1) return serving(slots[0]) ? slots[0] : null;
    if (this.balancer === 'random') {
      const open = slots.filter(serving);
      return open.length === 0 ? null : open[random.int(open.length)];
    }
    let best: Pod | null = null;
    for (let k = 0; k < n; k++) {
      const pod = slots[(this.cursor + k) % n];
      if (!serving(pod)) continue;
      if (this.balancer === 'round-robin') {
        best = pod;
        break;
      }
      // Least in flight; ties go to the first pod after the last one chosen, so idle pods share the traffic.
      if (best === null || pod.inFlight < best.inFlight) best = pod;
    }
    if (best) this.cursor = (best.slot + 1) % n;
    return best;
  }

  /** Generations in flight over every pod (replaced pods finishing their work included). */
  get inFlight(): number {
    let total = 0;
    for (const p of this.pods) total += p.inFlight;
    return total;
  }

  private create(slot: number, revision: number): Pod {
    const pod: Pod = { id: this.pods.length, slot, revision, epoch: 0, inFlight: 0, down: false, draining: false, current: true };
    this.pods.push(pod);
    this.listener.podCreated(pod);
    return pod;
  }

  private lose(pod: Pod): void {
    pod.epoch++;
    pod.inFlight = 0;
    this.listener.podLost(pod);
  }
}

function serving(pod: Pod): boolean {
  return !pod.down && !pod.draining;
}
