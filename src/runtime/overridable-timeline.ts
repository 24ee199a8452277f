/**
 * A scenario timeline with a live profile override on top ("Claude is slow now"), as set through the control API, for
 * every replica alike.
 */
import { applyProfileOverride, type Profile } from '../model/profile.js';
import type { ScenarioTimeline } from '../model/simulation.js';
import type { ProfileOverride } from '../scenario/scenario.js';

export class OverridableTimeline implements ScenarioTimeline {
  private readonly inner: ScenarioTimeline;
  private current: ProfileOverride | null = null;
  /** Per replica slot: the scenario's profile last seen, and the override applied to it. */
  private readonly merged = new Map<number, { base: Profile; effective: Profile }>();

  constructor(inner: ScenarioTimeline) {
    this.inner = inner;
  }

  get override(): ProfileOverride | null {
    return this.current;
  }

  set override(o: ProfileOverride | null) {
    this.current = o;
    this.merged.clear();
  }

  profileAt(t: number, slot = 0): Profile {
    const base = this.inner.profileAt(t, slot);
    if (!this.current) return base;
    // The merged profile is rebuilt only when the scenario's own profile changes: generations reuse it.
    let m = this.merged.get(slot);
    if (!m || m.base !== base) this.merged.set(slot, (m = { base, effective: applyProfileOverride(base, this.current) }));
    return m.effective;
  }

  rateAt(t: number): number {
    return this.inner.rateAt(t);
  }

  maxRateBetween(a: number, b: number): number {
    return this.inner.maxRateBetween(a, b);
  }
}
