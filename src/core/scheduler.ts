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
    this.times.push(at);
    this.seqs.push(this.counter++);
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the earliest event; call only when `size > 0`. */
  pop(): T {
    const top = this.items[0];
    const last = this.items.length - 1;
    this.move(last, 0);
    this.times.pop();
    this.seqs.pop();
    this.items.pop();
    if (this.items.length > 1) this.siftDown(0);
    return top;
  }

  /** Every scheduled item, earliest first (a copy; the heap is not changed). */
  pending(): T[] {
    const order = this.items.map((_, i) => i).sort((i, j) => this.compare(i, j));
    return order.map((i) => this.items[i]);
  }

  private compare(i: number, j: number): number {
    return this.times[i] - this.times[j] || this.seqs[i] - this.seqs[j];
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.items[to] = this.items[from];
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j], this.times[i]];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j], this.seqs[i]];
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(i, parent) >= 0) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.compare(l, m) < 0) m = l;
      if (r < n && this.compare(r, m) < 0) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
