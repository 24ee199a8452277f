/**
 * A ramp: from 1 to PEAK requests per second (default 30) over 10 minutes, held 10 minutes, back down over 5.
 * Watch the dashboard's generations per minute and in-flight panels follow it.
 *   k6 run -e BASE_URL=http://127.0.0.1:9464 -e PEAK=30 scenarios/k6/ramping.ts
 */
import type { Options } from 'k6/options';
import { interpretation, summary, thresholds, vusFor } from './lib/lunar.ts';

const peak = Number(__ENV.PEAK ?? 30);

export const options: Options = {
  scenarios: {
    ramping: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      ...vusFor(peak),
      stages: [
        { target: peak, duration: '10m' },
        { target: peak, duration: '10m' },
        { target: 0, duration: '5m' },
      ],
    },
  },
  thresholds,
};

export default function (): void {
  interpretation();
}

export function handleSummary(data: Parameters<typeof summary>[0]): Record<string, string> {
  return summary(data, 'ramping');
}
