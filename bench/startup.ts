/**
 * Start-up time of short commands, as multiples of `node -e 0` measured in the same rounds (interleaved, so a busy
 * machine slows both alike): from the build in dist/cli/ when it is current, and from the sources through tsx.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { builtEntry } from '../bin/built-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 15;

interface Probe {
  label: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

function once(p: Probe): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, p.args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...p.env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${p.label} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Prints one line per probe: median wall time and its ratio to `node -e 0`. */
export function startup(line: (label: string, value: string, note?: string) => void): void {
  const fresh = builtEntry(ROOT) !== null;
  const commands: [string, string[]][] = [['list', ['list']], ['--help', ['--help']], ['validate baseline', ['validate', 'baseline']]];
  const probes: Probe[] = [{ label: 'node -e 0', args: ['-e', '0'] }];
  for (const [name, args] of commands) {
    if (fresh) probes.push({ label: `start-up: ${name}`, args: ['bin/lunar-sim.js', ...args] });
    probes.push({ label: `start-up: ${name} (sources, tsx)`, args: ['bin/lunar-sim.js', ...args], env: { LUNAR_SIM_FROM_SOURCE: '1' } });
  }
  const times = new Map(probes.map((p) => [p.label, [] as number[]]));
  for (const p of probes) once(p); // warm the disk cache and tsx's transform cache
  for (let round = 0; round < ROUNDS; round++) for (const p of probes) times.get(p.label)!.push(once(p));
  const base = median(times.get('node -e 0')!);
  if (!fresh) line('start-up', 'no current build', 'dist/cli/ is missing or older than the sources: `npm run build` to measure it');
  for (const p of probes) {
    const ms = median(times.get(p.label)!);
    line(p.label, `${ms.toFixed(0)} ms`, p.label === 'node -e 0' ? `median of ${ROUNDS}, interleaved` : `${(ms / base).toFixed(2)}× node -e 0${p.env ? '' : ' (target ≤ 2.5× from the build)'}`);
  }
}
