/**
 * Request bodies for POST /v1/lunar/interpretations, from a seed: a bounded pool of users (so that repeated users
 * and periods look like the real traffic the cache sees), birth dates, times and places, and recent periods.
 * Shared by `lunar-sim load` and the k6 scripts (k6 imports this file directly, hence the `.ts` import and no
 * Node or npm dependency).
 */
import { RandomStream } from '../core/random.ts';

export interface InterpretationRequest {
  user_id: string;
  birth: { date: string; time: string; place: string };
  /** The month the interpretation is for, `YYYY-MM`. */
  period: string;
}

const PLACES = [
  'Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nice', 'Nantes', 'Strasbourg', 'Montpellier', 'Bordeaux', 'Lille',
  'Rennes', 'Reims', 'Genève', 'Bruxelles', 'Montréal', 'Québec', 'Dakar', 'Casablanca', 'Abidjan', 'Lausanne',
];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The body for `user` (its chart derives from the user alone: the same user always has the same chart) and `period`. */
export function payloadFor(seed: number, user: number, period: string): InterpretationRequest {
  const chart = new RandomStream((seed ^ Math.imul(user + 1, 0x9e3779b1)) >>> 0);
  const year = 1950 + chart.int(58);
  const month = 1 + chart.int(12);
  const day = 1 + chart.int(28);
  return {
    user_id: `user-${pad(user, 6)}`,
    birth: {
      date: `${year}-${pad(month)}-${pad(day)}`,
      time: `${pad(chart.int(24))}:${pad(chart.int(60))}`,
      place: PLACES[chart.int(PLACES.length)],
    },
    period,
  };
}

/**
 * Which user and period each successive request is for, as `user × periods + period index` (one number, so that a
 * caller may cache a body per pair without allocating a key). The same draws as `payloadGenerator`.
 */
export function payloadKeys(seed: number, users = 1000, periods = 2): () => number {
  const random = new RandomStream(seed >>> 0);
  return () => {
    const user = random.int(users);
    return user * periods + random.int(periods);
  };
}

/** A deterministic stream of valid request bodies. `users` bounds the user pool; `periods` lists the months asked. */
export function payloadGenerator(seed: number, users = 1000, periods: readonly string[] = ['2026-01', '2026-02']): () => InterpretationRequest {
  const next = payloadKeys(seed, users, periods.length);
  return () => {
    const key = next();
    return payloadFor(seed, Math.floor(key / periods.length), periods[key % periods.length]);
  };
}
