/**
 * A steady load: RATE requests per second (default 10) for DURATION (default 5m), arrivals independent of answers
 * (constant-arrival-rate: an open model, like real users).
 *   k6 run -e BASE_URL=http://127.0.0.1:9464 -e RATE=20 scenarios/k6/steady.ts
 */
import type { Options } from 'k6/options';
import { interpretation, summary, thresholds, vusFor } from './lib/lunar.ts';

const rate = Number(__ENV.RATE ?? 10);

export const options: Options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '5m',
      ...vusFor(rate),
    },
  },
  thresholds,
};

export default function (): void {
  interpretation();
}

export function handleSummary(data: Parameters<typeof summary>[0]): Record<string, string> {
  return summary(data, 'steady');
}
