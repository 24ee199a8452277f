/**
 * A bounded pool of users with a popularity skew (Zipf: the user of rank k is drawn with weight 1/k^skew), for the
 * optional `user_id` label: a few heavy users make the guide's "top 10 users" panel meaningful, and the bound keeps
 * the label's cardinality known in advance.
 */
import type { RandomStream } from '../core/random.js';

export class UserPool {
  readonly ids: readonly string[];
  private readonly cumulative: Float64Array;

  constructor(count: number, skew: number) {
    const width = String(count - 1).length;
    this.ids = Array.from({ length: count }, (_, i) => `user-${String(i).padStart(width, '0')}`);
    this.cumulative = new Float64Array(count);
    let total = 0;
    for (let k = 0; k < count; k++) {
      total += 1 / (k + 1) ** skew;
      this.cumulative[k] = total;
    }
  }

  /** Each user's probability of being drawn, in `ids` order. */
  probabilities(): Float64Array {
    const c = this.cumulative;
    const total = c[c.length - 1];
    return c.map((x, i) => (x - (i > 0 ? c[i - 1] : 0)) / total);
  }

  /** A user id drawn by popularity. */
  draw(random: RandomStream): string {
    return this.ids[this.drawIndex(random)];
  }

  /** The index in `ids` of a user drawn by popularity (binary search over cumulative weights). */
  drawIndex(random: RandomStream): number {
    const x = random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
