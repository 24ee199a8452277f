/**
 * A min-heap of timed events. Ties are broken by insertion order, so two events at the same millisecond are
 * handled in the order they were scheduled and a run stays deterministic.
 */
export class Scheduler<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.times[0];
  }

  schedule(at: number, item: T): void {
    const seq = this.counter++;
    // Sift up with a hole: parents move down, the new entry is written once (no swaps, no allocation).
    let i = this.items.length;
    this.times.push(at);
    this.seqs.push(seq);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent];
      if (pt < at || (pt === at && this.seqs[parent] < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = at;
    this.seqs[i] = seq;
    this.items[i] = item;
  }

  /** Removes and returns the earliest event; call only when `size > 0`. */
  pop(): T {
    const top = this.items[0];
    const n = this.items.length - 1;
    const t = this.times[n];
    const seq = this.seqs[n];
    const item = this.items[n];
    this.times.pop();
    this.seqs.pop();
    this.items.pop();
    if (n > 0) {
      // Sift the last entry down from the root, moving smaller children up into the hole.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.before(r, l) ? r : l;
        const ct = this.times[c];
        if (t < ct || (t === ct && seq < this.seqs[c])) break;
        this.move(c, i);
        i = c;
      }
      this.times[i] = t;
      this.seqs[i] = seq;
      this.items[i] = item;
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    return this.times[i] < this.times[j] || (this.times[i] === this.times[j] && this.seqs[i] < this.seqs[j]);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.items[to] = this.items[from];
  }
}
