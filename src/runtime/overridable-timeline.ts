/**
 * A scenario timeline with a live profile override on top ("Claude is slow now"), as set through the control API.
 */
import { applyProfileOverride, type Profile } from '../model/profile.js';
import type { ScenarioTimeline } from '../model/simulation.js';
import type { ProfileOverride } from '../scenario/scenario.js';

export class OverridableTimeline implements ScenarioTimeline {
  private readonly inner: ScenarioTimeline;
  private current: ProfileOverride | null = null;
  private lastBase: Profile | null = null;
  private lastEffective: Profile | null = null;

  constructor(inner: ScenarioTimeline) {
    this.inner = inner;
  }

  get override(): ProfileOverride | null {
    return this.current;
  }

  set override(o: ProfileOverride | null) {
    this.current = o;
    this.lastBase = null;
  }

  profileAt(t: number): Profile {
    const base = this.inner.profileAt(t);
    if (!this.current) return base;
    // The merged profile is rebuilt only when the scenario's own profile changes: generations reuse it.
    if (base !== this.lastBase || !this.lastEffective) {
      this.lastEffective = applyProfileOverride(base, this.current);
      this.lastBase = base;
    }
    return this.lastEffective;
  }

  rateAt(t: number): number {
    return this.inner.rateAt(t);
  }

  maxRateBetween(a: number, b: number): number {
    return this.inner.maxRateBetween(a, b);
  }
}
