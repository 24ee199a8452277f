/** A scenario's timeline in words, for `lunar-sim show`. */
import { formatDuration } from '../core/units.js';
import type { Profile, Traffic } from '../model/profile.js';
import type { Scenario } from './scenario.js';

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

function perMinute(rate: number): string {
  const m = rate * 60;
  return `${Math.round(m * 100) / 100}/min`;
}

function describeTraffic(t: Traffic): string {
  const shape = t.shape
    ? `, day/night shape (peak at ${t.shape.peak_hour}:00 UTC, ${pct(t.shape.night_factor)} of it at night${t.shape.weekend_factor !== undefined ? `, ${pct(t.shape.weekend_factor)} of it on Saturdays and Sundays` : ''})`
    : '';
  return `${perMinute(t.rate)}${t.arrivals === 'regular' ? ' evenly spaced' : ''}${shape}`;
}

function describeProfile(p: Profile): string {
  const c = p.claude;
  const errors = Object.entries(c.errors)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ');
  const models = Object.entries(c.models)
    .filter(([, w]) => w > 0)
    .map(([m, w]) => `${m}×${w}`)
    .join(', ');
  const parts = [
    `cache hits ${pct(p.cache.hit_ratio)}`,
    `Claude ${models || 'off'}: first token ~${c.ttft.median}s, ~${c.output_tokens.median} tokens at ~${c.tokens_per_second.median}/s, timeout ${formatDuration(c.timeout * 1000)}`,
    `errors ${errors || 'none'}`,
  ];
  if (c.hang.probability > 0) parts.push(`hangs ${pct(c.hang.probability)} for ${formatDuration(c.hang.duration * 1000)}`);
  parts.push(`templates for ${pct(p.templates.availability)} of requests`);
  return parts.join('; ');
}

/** Lines describing the scenario: header, base, then each phase with its time and changes. */
export function describeScenario(s: Scenario): string[] {
  const lines = [
    `${s.name} — ${s.summary}`,
    `seed ${s.seed}; time 0 = ${new Date(s.start).toISOString()}; warm-up ${formatDuration(s.warmup)}; ` +
      `duration ${formatDuration(s.duration)}; samples every ${formatDuration(s.step)}`,
    `  from -${formatDuration(s.warmup)}  base: ${describeTraffic(s.traffic)}`,
    `      ${describeProfile(s.base)}`,
  ];
  if (s.fleet) lines.splice(2, 0, `fleet: ${s.fleet.replicas} replicas behind a ${s.fleet.balancer} load balancer`);
  for (const p of s.phases) {
    const ramp = p.ramp > 0 ? ` (ramp over ${formatDuration(p.ramp)})` : '';
    const who = p.replicas ? `replica${p.replicas.length > 1 ? 's' : ''} ${p.replicas.join(', ')}` : s.fleet ? 'every replica' : 'the API';
    const events = [
      p.restart ? `${who} restart${p.replicas?.length === 1 || !s.fleet ? 's' : ''} (work in flight lost, counters back to 0)` : '',
      p.drain ? `${who} drained (no new requests)` : '',
      p.rollout ? `rolling deploy of ${who}, one new pod every ${formatDuration(p.rollout.every)}` : '',
    ].filter(Boolean);
    const head = `  at ${formatDuration(p.at)}  ${p.name}`;
    if (p.down) {
      lines.push(`${head}: ${p.replicas ? `${who} down` : 'the API is down'}${ramp}`);
      continue;
    }
    lines.push(`${head}${ramp}: ${describeTraffic(p.traffic)}${events.length ? `; ${events.join('; ')}` : ''}`);
    lines.push(`      ${p.replicas ? `${who}: ` : ''}${describeProfile(p.profile)}`);
  }
  lines.push(`  at ${formatDuration(s.duration)}  end`);
  if (s.userIdLabel) lines.push(`user_id label: ${s.userIdLabel.users} users, popularity skew ${s.userIdLabel.skew}`);
  if (s.expect) {
    const fire = s.expect.fire.map((f) => {
      const window = f.after !== undefined || f.before !== undefined
        ? ` between ${formatDuration(f.after ?? 0)} and ${f.before !== undefined ? formatDuration(f.before) : 'the end'}`
        : '';
      const resolve = f.resolveBefore === undefined
        ? ', still firing at the end'
        : `, resolves ${f.resolveAfter !== undefined ? `between ${formatDuration(f.resolveAfter)} and ` : 'by '}${formatDuration(f.resolveBefore)}`;
      const times = f.maxFirings === 1 ? '' : ` (at most ${f.maxFirings} firings)`;
      return `${f.alert}${window}${resolve}${times}`;
    });
    const notify = s.expect.notify.map((n) => {
      const resolve = n.firingAtEnd ? ', still firing at the end' : `, resolved within ${formatDuration(n.resolveWithin!)} of ${n.recoveredName}`;
      return `${n.kind === 'page' ? 'a page' : 'a warning'} of ${n.group}${n.receiver ? ` to ${n.receiver}` : ''} within ${formatDuration(n.within)} of ${n.fromName}${resolve}${n.max === 1 ? ', once' : `, at most ${n.max} times`}`;
    });
    const expected = [...notify, ...(fire.length ? [`fires ${fire.join(', ')}`] : [])];
    lines.push(`expect: ${expected.length ? expected.join('; ') : 'nothing notifies'}` +
      `${s.expect.allow.length ? `; may fire ${s.expect.allow.join(', ')}` : ''}; every other alert silent`);
  }
  return lines;
}
