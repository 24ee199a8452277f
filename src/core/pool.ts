/** A bounded number of promises at a time, for work that runs in child processes (queries, scenarios). */

/**
 * Runs `f` on every item, `concurrency` at a time — the next starts as soon as one ends, so a slow query does not
 * hold back a batch; results in item order.
 */
export async function inPool<T, R>(items: readonly T[], concurrency: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
