/**
 * The HTTP endpoint against a do-nothing fastify route, measured in alternating rounds (do-nothing, endpoint,
 * do-nothing, …) so that both see the same machine: a busy neighbour slows the pair, not one side. Closed loop:
 * `connections` keep-alive connections each send the next request as soon as the previous answer arrives; the
 * figure is answers per second. Reports each round's ratio, and their min and median.
 *
 * A fresh pair of processes can sit anywhere in a wide band (the same build measured 0.68 and 0.82 in two launches
 * minutes apart on the 2-core machine, each launch's rounds within ±0.05 of their median; what differs between
 * launches — the JIT's choices, the heap's layout, the VM's neighbours — was not pinned down). So the figure is taken
 * over several launches, each with its own rounds.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { payloadGenerator } from '../src/load/payload.ts';
import { pinned, startPair, unpinSelf } from './http-servers.js';

export interface PairResult {
  reference: number[];
  endpoint: number[];
  ratios: number[];
  /** Answers other than 200 from the endpoint over all rounds (a refusal is not a generation: not counted above). */
  endpointRefused: number;
  /** Server CPU per answer, µs, each round (given the servers' pids): what each answer costs the server itself. */
  referenceCpuUs?: number[];
  endpointCpuUs?: number[];
  /** Median ratio of each launch's rounds (one entry when the pair was measured in one pair of processes). */
  launchMedians: number[];
}

/** CPU time (user + system) a process has used so far, µs; clock ticks of 10 ms, so rounds of seconds. */
function cpuUs(pid: number): number {
  // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

/** Closed loop: `connections` keep-alive connections, each sending its next request when its previous answer arrives. */
export async function closedLoop(base: string, ms: number, connections: number): Promise<{ rate: number; answered: number; refused: number }> {
  const pool = new Pool(base, { connections, pipelining: 1 });
  const next = payloadGenerator(7);
  let answered = 0;
  let refused = 0;
  const until = performance.now() + ms;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      const r = await pool.request({ path: '/v1/lunar/interpretations', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next()) });
      await r.body.dump();
      if (r.statusCode === 200) answered++;
      else refused++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return { rate: answered / seconds, answered, refused };
}

/** A round against one server: answers per second, and the server's CPU per answer when its pid is known. */
async function round(base: string, ms: number, connections: number, pid?: number): Promise<{ rate: number; refused: number; cpuUs?: number }> {
  const before = pid === undefined ? 0 : cpuUs(pid);
  const r = await closedLoop(base, ms, connections);
  return { rate: r.rate, refused: r.refused, cpuUs: pid === undefined ? undefined : (cpuUs(pid) - before) / Math.max(1, r.answered) };
}

export async function interleaved(
  reference: string,
  endpoint: string,
  rounds = 5,
  ms = 2000,
  connections = 50,
  pids?: [reference: number, endpoint: number],
): Promise<PairResult> {
  await closedLoop(reference, 1500, connections); // warm both up (JIT, connections)
  await closedLoop(endpoint, 1500, connections);
  const out: PairResult = { reference: [], endpoint: [], ratios: [], endpointRefused: 0, launchMedians: [], ...(pids ? { referenceCpuUs: [], endpointCpuUs: [] } : {}) };
  for (let i = 0; i < rounds; i++) {
    const r = await round(reference, ms, connections, pids?.[0]);
    const e = await round(endpoint, ms, connections, pids?.[1]);
    out.reference.push(r.rate);
    out.endpoint.push(e.rate);
    out.ratios.push(e.rate / r.rate);
    out.endpointRefused += e.refused;
    if (r.cpuUs !== undefined) out.referenceCpuUs!.push(r.cpuUs);
    if (e.cpuUs !== undefined) out.endpointCpuUs!.push(e.cpuUs);
  }
  out.launchMedians.push(median(out.ratios));
  return out;
}

/**
 * The pair over `launches` fresh pairs of server processes, `rounds` interleaved rounds each; with `pin`, the client on
 * one core and the servers on the other (null when they cannot be pinned). Rounds of all launches are pooled.
 */
export async function overLaunches(launches: number, rounds: number, pin: boolean): Promise<PairResult | null> {
  const all: PairResult = { reference: [], endpoint: [], ratios: [], endpointRefused: 0, launchMedians: [], referenceCpuUs: [], endpointCpuUs: [] };
  for (let i = 0; i < launches; i++) {
    const pair = await startPair();
    // Only a pin that took is undone: where taskset is missing, undoing would throw.
    const pinnedNow = pin && pinned(pair.pids);
    try {
      if (pin && !pinnedNow) return null;
      const r = await interleaved(pair.noop.url, pair.sim.url, rounds, 2000, 50, pair.pids);
      for (const k of ['reference', 'endpoint', 'ratios', 'launchMedians', 'referenceCpuUs', 'endpointCpuUs'] as const) all[k]!.push(...r[k]!);
      all.endpointRefused += r.endpointRefused;
    } finally {
      pair.stop();
      if (pinnedNow) unpinSelf();
    }
  }
  return all;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
