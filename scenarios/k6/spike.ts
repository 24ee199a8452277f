/**
 * A spike: BASE requests per second (default 5), then ×SPIKE (default 10) within 10 seconds for 2 minutes, then back.
 * In-flight generations jump: LunarGenerationStuck should not fire for a healthy API unless the spike is sustained.
 *   k6 run -e BASE_URL=http://127.0.0.1:9464 -e BASE=5 -e SPIKE=10 scenarios/k6/spike.ts
 */
import type { Options } from 'k6/options';
import { interpretation, summary, thresholds, vusFor } from './lib/lunar.ts';

const base = Number(__ENV.BASE ?? 5);
const spike = base * Number(__ENV.SPIKE ?? 10);

export const options: Options = {
  scenarios: {
    spike: {
      executor: 'ramping-arrival-rate',
      startRate: base,
      timeUnit: '1s',
      ...vusFor(spike),
      stages: [
        { target: base, duration: '2m' },
        { target: spike, duration: '10s' },
        { target: spike, duration: '2m' },
        { target: base, duration: '10s' },
        { target: base, duration: '2m' },
      ],
    },
  },
  thresholds,
};

export default function (): void {
  interpretation();
}

export function handleSummary(data: Parameters<typeof summary>[0]): Record<string, string> {
  return summary(data, 'spike');
}
