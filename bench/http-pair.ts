/**
 * The HTTP endpoint against a do-nothing fastify route, measured in alternating rounds (do-nothing, endpoint,
 * do-nothing, …) so that both see the same machine: a busy neighbour slows the pair, not one side. Closed loop:
 * `connections` keep-alive connections each send the next request as soon as the previous answer arrives; the
 * figure is answers per second. Reports each round's ratio, and their min and median.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { payloadGenerator } from '../src/load/payload.ts';

export interface PairResult {
  reference: number[];
  endpoint: number[];
  ratios: number[];
}

async function closedLoop(base: string, ms: number, connections: number): Promise<number> {
  const pool = new Pool(base, { connections, pipelining: 1 });
  const next = payloadGenerator(7);
  let answered = 0;
  const until = performance.now() + ms;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      const r = await pool.request({ path: '/v1/lunar/interpretations', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next()) });
      await r.body.dump();
      if (r.statusCode === 200) answered++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return answered / seconds;
}

export async function interleaved(reference: string, endpoint: string, rounds = 5, ms = 2000, connections = 50): Promise<PairResult> {
  await closedLoop(reference, 1500, connections); // warm both up (JIT, connections)
  await closedLoop(endpoint, 1500, connections);
  const out: PairResult = { reference: [], endpoint: [], ratios: [] };
  for (let i = 0; i < rounds; i++) {
    const r = await closedLoop(reference, ms, connections);
    const e = await closedLoop(endpoint, ms, connections);
    out.reference.push(r);
    out.endpoint.push(e);
    out.ratios.push(e / r);
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
