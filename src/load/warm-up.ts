/**
 * One GET on the endpoint before the clock starts, its answer ignored: undici compiles its HTTP parser on the first
 * connection (~100 ms of blocked event loop), which would otherwise make the first arrivals late. The connection it
 * opens is then reused by the first arrival.
 */
import type { Dispatcher } from 'undici';
import type { ConnectionPool } from './connection-pool.js';
import { Exchange, type ExchangeOwner } from './exchange.js';

/** The warm-up request's own timeout: a target that does not answer it still gets the run. */
const WARM_UP_MS = 2000;

/** Resolves when the warm-up GET has ended (answered or failed), after at most WARM_UP_MS or at `signal`. */
export function warmUp(pool: ConnectionPool, path: string, now: () => number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (x?: Exchange): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (x) pool.release(x);
      resolve();
    };
    const onAbort = (): void => done();
    const owner: ExchangeOwner = { written: () => {}, answered: (x) => done(x), failed: (x) => done(x) };
    // Bounded as a whole: a target that accepts no connection would otherwise hold it for the connect timeout.
    timer = setTimeout(done, WARM_UP_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    const request: Dispatcher.DispatchOptions = { path, method: 'GET' };
    pool.dispatch(request, new Exchange(owner).reset(now(), now()), now());
  });
}
