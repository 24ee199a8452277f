/**
 * The HTTP endpoint against a do-nothing fastify route, measured in alternating rounds (do-nothing, endpoint,
 * do-nothing, …) so that both see the same machine: a busy neighbour slows the pair, not one side. Closed loop:
 * `connections` keep-alive connections each send the next request as soon as the previous answer arrives; the
 * figure is answers per second. Reports each round's ratio, and their min and median.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { payloadGenerator } from '../src/load/payload.ts';

export interface PairResult {
  reference: number[];
  endpoint: number[];
  ratios: number[];
  /** Answers other than 200 from the endpoint over all rounds (a refusal is not a generation: not counted above). */
  endpointRefused: number;
  /** Server CPU per answer, µs, each round (given the servers' pids): what each answer costs the server itself. */
  referenceCpuUs?: number[];
  endpointCpuUs?: number[];
}

/** CPU time (user + system) a process has used so far, µs; clock ticks of 10 ms, so rounds of seconds. */
function cpuUs(pid: number): number {
  // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

async function closedLoop(base: string, ms: number, connections: number): Promise<{ rate: number; answered: number; refused: number }> {
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
  const out: PairResult = { reference: [], endpoint: [], ratios: [], endpointRefused: 0, ...(pids ? { referenceCpuUs: [], endpointCpuUs: [] } : {}) };
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
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
