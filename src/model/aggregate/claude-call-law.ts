/**
 * A Claude call that neither hangs nor errors lasts D = T + O/S: time to first token T, output tokens O (at most
 * max_tokens) at S tokens per second, each log-normal (model/generation.ts). Over the client timeout τ it is cut.
 * This computes, for the aggregate mode: P(D ≤ x), the law of D given D ≤ τ, and the mean tokens written by
 * successful and by cut calls.
 *
 * P(D ≤ x) = E_T[P(O/S ≤ x − T)] by quadrature over T. Without the max_tokens clip, O/S is log-normal (median
 * O_med/S_med, sigma √(σ_O² + σ_S²)) and its CDF is exact; when the clip can matter (P(O > max) > 1e-9), O is
 * integrated too. The pipeline rounds O to whole tokens: a shift of at most half a token's time (≈ 7 ms at 70
 * tokens/s), ignored here.
 */
import { normalCdf } from '../../core/normal.js';
import type { Profile } from '../profile.js';
import { COARSE, FINE, logNormalAtoms, logNormalCdf, truncatedLaw, type Atoms, type DurationLaw } from './duration-law.js';

export interface ClaudeCallLaw {
  /** P(D ≤ τ): the call completes. */
  success: number;
  /** D given D ≤ τ. */
  completed: DurationLaw;
  /** Mean output tokens of a completed call. */
  meanOutput: number;
  /** Mean tokens produced before the cut by a call cut at τ. */
  meanProduced: number;
}

type Claude = Profile['claude'];

/** P(O/S ≤ r), O clipped at max_tokens. */
function ratioCdf(c: Claude, oNodes: Atoms | null): (r: number) => number {
  const o = c.output_tokens;
  const s = c.tokens_per_second;
  const sigma = Math.sqrt(o.sigma ** 2 + s.sigma ** 2);
  const median = o.median / s.median;
  if (!oNodes) return (r) => logNormalCdf({ median, sigma }, r);
  // O clipped: P(min(O, max)/S ≤ r) = E_O[P(S ≥ min(O, max)/r)], tabulated on a log grid and interpolated.
  const exact = (r: number): number => {
    let p = 0;
    for (let i = 0; i < oNodes.values.length; i++) {
      const y = Math.min(o.max, oNodes.values[i]) / r;
      p += oNodes.weights[i] * (s.sigma === 0 ? (s.median >= y ? 1 : 0) : normalCdf(-Math.log(y / s.median) / s.sigma));
    }
    return p;
  };
  const spread = Math.max(sigma, 1e-3) * 12;
  const lo = Math.log(median) - spread;
  const h = (2 * spread) / RATIO_GRID;
  const table = Float64Array.from({ length: RATIO_GRID + 1 }, (_, i) => exact(Math.exp(lo + i * h)));
  return (r) => {
    if (r <= 0) return 0;
    const u = (Math.log(r) - lo) / h;
    if (u <= 0) return table[0];
    if (u >= RATIO_GRID) return table[RATIO_GRID];
    const i = Math.floor(u);
    return table[i] + (table[i + 1] - table[i]) * (u - i);
  };
}

/** Points of the tabulated O/S CDF when max_tokens clips O (linear interpolation in log r between them). */
const RATIO_GRID = 4096;

const cache = new Map<string, ClaudeCallLaw>();

/** The law of a Claude call under this profile (cached by the parameters it depends on). */
export function claudeCallLaw(c: Claude): ClaudeCallLaw {
  const key = JSON.stringify([c.ttft, c.output_tokens, c.tokens_per_second, c.timeout]);
  let law = cache.get(key);
  if (!law) {
    law = build(c);
    if (cache.size > 1000) cache.clear();
    cache.set(key, law);
  }
  return law;
}

function build(c: Claude): ClaudeCallLaw {
  const o = c.output_tokens;
  const clipMatters = o.sigma > 0 ? 1 - logNormalCdf(o, o.max) > 1e-9 : o.median > o.max;
  const ratio = ratioCdf(c, clipMatters ? logNormalAtoms(o, FINE) : null);
  const ts = logNormalAtoms(c.ttft, FINE);
  const cdf = (x: number): number => {
    let p = 0;
    for (let i = 0; i < ts.values.length; i++) {
      const room = x - ts.values[i];
      if (room > 0) p += ts.weights[i] * ratio(room);
    }
    return p;
  };
  const tau = c.timeout;
  // Atoms of (T, O, S) for where completions fall and how many tokens they write.
  const ta = logNormalAtoms(c.ttft, COARSE);
  const oa = logNormalAtoms(o, COARSE);
  const sa = logNormalAtoms(c.tokens_per_second, COARSE);
  const values: number[] = [];
  const weights: number[] = [];
  let output = 0;
  let okMass = 0;
  let produced = 0;
  let cutMass = 0;
  for (let i = 0; i < ta.values.length; i++) {
    const t = ta.values[i];
    for (let j = 0; j < oa.values.length; j++) {
      const out = Math.min(o.max, Math.max(1, Math.round(oa.values[j])));
      const wij = ta.weights[i] * oa.weights[j];
      for (let k = 0; k < sa.values.length; k++) {
        const w = wij * sa.weights[k];
        if (w === 0) continue;
        const d = t + out / sa.values[k];
        if (d <= tau) {
          values.push(d);
          weights.push(w);
          output += w * out;
          okMass += w;
        } else {
          produced += w * Math.max(0, Math.floor((tau - t) * sa.values[k]));
          cutMass += w;
        }
      }
    }
  }
  const atoms = { values: Float64Array.from(values), weights: Float64Array.from(weights, (x) => x / (okMass || 1)) };
  return {
    success: cdf(tau),
    completed: truncatedLaw({ cdf, atoms: () => atoms }, tau, atoms),
    meanOutput: okMass > 0 ? output / okMass : o.median,
    meanProduced: cutMass > 0 ? produced / cutMass : 0,
  };
}
