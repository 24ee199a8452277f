/**
 * Every way a generation can end under one profile, with its probability: which source serves it, which model and
 * fallback type it is counted under, which histogram bucket its duration falls in, and how many sampling steps after
 * its arrival it completes (its lag). The probabilities are the pipeline's own (model/generation.ts), computed instead
 * of drawn: cache hit, model weights, hang, each error type, success or cut at the timeout, template or hardcoded, and
 * the duration law of each path. The aggregate mode draws a Poisson count per outcome and step.
 *
 * Lag: an arrival at a uniform point u of its step that lasts D completes floor(u + D/Δ) steps later, so a duration
 * r = D/Δ = j + f steps completes j steps later with probability 1 − f and j + 1 with probability f.
 */
import { NO_MODEL, TIMEOUT, type Source } from '../generation.js';
import { costOf, priceOf, type PriceTable, type TokenCounts, type TokenPrices } from '../pricing.js';
import type { Profile } from '../profile.js';
import { claudeCallLaw } from './claude-call-law.js';
import { constantLaw, logNormalLaw, shiftedLaw, sumLaw, type DurationLaw } from './duration-law.js';

/** Seconds the hardcoded text takes (as model/generation.ts). */
const HARDCODED_SECONDS = 0.001;

export interface Outcome {
  source: Source;
  model: string;
  fallbackType: string | null;
  billedModel: string;
  /** Index of the duration histogram's bucket (its bounds, then +Inf). */
  bucket: number;
  /** Sampling steps between arrival and completion. */
  lag: number;
  probability: number;
  /** Mean duration of the generations of this outcome, seconds (for the histogram's `_sum`). */
  meanSeconds: number;
  /** Mean tokens billed per generation (null: no Claude call billed). */
  tokens: TokenCounts | null;
  costUsd: number;
}

/** One path through the pipeline, before it is split by bucket and lag. */
interface Path {
  probability: number;
  law: DurationLaw;
  source: Source;
  model: string;
  fallbackType: string | null;
  billedModel: string;
  tokens: TokenCounts | null;
}

function paths(profile: Profile): Path[] {
  const out: Path[] = [];
  const c = profile.claude;
  const hit = profile.cache.hit_ratio;
  const models = Object.entries(c.models).filter(([, w]) => w > 0);
  const total = models.reduce((s, [, w]) => s + w, 0);
  const template = logNormalLaw(profile.templates.latency);
  const available = profile.templates.availability;
  const add = (p: Omit<Path, 'law'>, law: DurationLaw): void => {
    if (p.probability > 0) out.push({ ...p, law });
  };
  /** A failed call of `elapsed` falls back to a template, else to the hardcoded text. */
  const fallback = (probability: number, type: string, elapsed: DurationLaw | number, billedModel: string, tokens: TokenCounts | null): void => {
    const base = { model: NO_MODEL, fallbackType: type, billedModel, tokens };
    const withTemplate = typeof elapsed === 'number' ? shiftedLaw(elapsed, template) : sumLaw(elapsed, template);
    const hardcoded = typeof elapsed === 'number' ? constantLaw(elapsed + HARDCODED_SECONDS) : shiftedLaw(HARDCODED_SECONDS, elapsed);
    add({ ...base, probability: probability * available, source: 'db_template' }, withTemplate);
    add({ ...base, probability: probability * (1 - available), source: 'hardcoded' }, hardcoded);
  };
  const cacheLaw = logNormalLaw(profile.cache.latency);
  if (total === 0) {
    add({ probability: hit, source: 'db_temporal', model: NO_MODEL, fallbackType: null, billedModel: NO_MODEL, tokens: null }, cacheLaw);
    fallback(1 - hit, 'api_error', 0, NO_MODEL, null);
    return out;
  }
  const errors = Object.entries(c.errors).filter(([, p]) => p > 0);
  const ok = Math.max(0, 1 - c.hang.probability - errors.reduce((s, [, p]) => s + p, 0));
  const call = claudeCallLaw(c);
  const errorLaw = logNormalLaw(c.error_latency);
  const prompt = c.prompt;
  const billed = (output: number): TokenCounts => ({
    input: prompt.input_tokens,
    cache_write: (1 - prompt.cache_hit_ratio) * prompt.cached_tokens,
    cache_read: prompt.cache_hit_ratio * prompt.cached_tokens,
    output,
  });
  for (const [model, weight] of models) {
    const share = weight / total;
    add({ probability: hit * share, source: 'db_temporal', model, fallbackType: null, billedModel: model, tokens: null }, cacheLaw);
    const calls = (1 - hit) * share;
    fallback(calls * c.hang.probability, TIMEOUT, c.hang.duration, model, null);
    for (const [type, p] of errors) fallback(calls * p, type, errorLaw, model, null);
    add({ probability: calls * ok * call.success, source: 'claude', model, fallbackType: null, billedModel: model, tokens: billed(call.meanOutput) }, call.completed);
    fallback(calls * ok * (1 - call.success), TIMEOUT, c.timeout, model, billed(call.meanProduced));
  }
  return out;
}

/** How outcomes are binned: the sampling step, and the duration histogram's upper bounds (seconds, no +Inf). */
export interface Binning {
  stepMs: number;
  buckets: readonly number[];
}

/** Simpson intervals per piece of the duration axis (a piece lies inside one bucket and one step). */
const SIMPSON = 4;

interface Cell {
  bucket: number;
  lag: number;
  probability: number;
  /** ∫ x dF over the cell (divided by `probability`, the mean duration). */
  seconds: number;
}

/** Durations that split the law's mass in `n` about equal parts (from its atoms): where F moves, pieces are short. */
function massPoints(law: DurationLaw, n: number): number[] {
  const { values, weights } = law.atoms();
  const order = [...values.keys()].sort((i, j) => values[i] - values[j]);
  const out: number[] = [];
  let cumulative = 0;
  let next = 1 / n;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= next) {
      out.push(values[i]);
      next = (Math.floor(cumulative * n) + 1) / n;
    }
  }
  return out;
}

/** A duration above which the law has no mass left worth counting (1e-12). */
function upperEnd(law: DurationLaw): number {
  let upper = Math.max(...law.atoms().values) * 1.25 + 1e-3;
  for (let i = 0; i < 40 && 1 - law.cdf(upper) > 1e-12; i++) upper *= 1.5;
  return upper;
}

/**
 * P(bucket, lag) and the mean duration of each, for a law with a density: on each piece [a, b] of the duration axis
 * between bucket bounds, step multiples and the law's own quantiles, lag m = ⌊a/Δ⌋ gets ∫(m + 1 − x/Δ) dF and lag m + 1 gets ∫(x/Δ − m) dF,
 * each integrated by parts (φ(b)F(b) − φ(a)F(a) − ∫φ′F) with Simpson's rule on F.
 */
function continuousCells(law: DurationLaw, bounds: readonly number[], step: number): Cell[] {
  const upper = upperEnd(law);
  const points = new Set<number>([0, upper]);
  for (const b of bounds) if (b < upper) points.add(b);
  // A law concentrated in a narrow range (a timeout plus a template read) needs short pieces there.
  for (const x of massPoints(law, 32)) if (x > 0 && x < upper) points.add(x);
  for (let m = 1; m * step < upper; m++) points.add(m * step);
  const edges = [...points].sort((x, y) => x - y);
  const cells = new Map<number, Cell>();
  const add = (bucket: number, lag: number, probability: number, seconds: number): void => {
    const key = bucket * 1_000_000 + lag;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { bucket, lag, probability: 0, seconds: 0 }));
    c.probability += probability;
    c.seconds += seconds;
  };
  let bucket = 0;
  let fa = law.cdf(0);
  for (let e = 0; e + 1 < edges.length; e++) {
    const a = edges[e];
    const b = edges[e + 1];
    while (a >= bounds[bucket]) bucket++;
    const m = Math.floor((a + b) / 2 / step);
    // F on a Simpson grid over [a, b]: ∫F, ∫xF.
    const h = (b - a) / SIMPSON;
    let intF = 0;
    let intXF = 0;
    let fb = fa;
    for (let i = 0; i <= SIMPSON; i++) {
      const x = a + i * h;
      const f = i === 0 ? fa : law.cdf(x);
      const w = (i === 0 || i === SIMPSON ? 1 : i % 2 === 1 ? 4 : 2) * (h / 3);
      intF += w * f;
      intXF += w * x * f;
      fb = f;
    }
    // Lag m: φ = m + 1 − x/Δ (φ′ = −1/Δ); lag m + 1: φ = x/Δ − m (φ′ = 1/Δ). Means: ψ = x·φ, ψ′ = φ + x·φ′.
    const early = (m + 1 - b / step) * fb - (m + 1 - a / step) * fa + intF / step;
    const late = (b / step - m) * fb - (a / step - m) * fa - intF / step;
    const earlySeconds = b * (m + 1 - b / step) * fb - a * (m + 1 - a / step) * fa - ((m + 1) * intF - (2 * intXF) / step);
    const lateSeconds = b * (b / step - m) * fb - a * (a / step - m) * fa - ((2 * intXF) / step - m * intF);
    if (early > 0) add(bucket, m, early, earlySeconds);
    if (late > 0) add(bucket, m + 1, late, lateSeconds);
    fa = fb;
  }
  // What lies beyond `upper` (< 1e-12) is dropped; the probabilities are renormalised to the law's total.
  return [...cells.values()];
}

/** A point mass at d: its bucket, and the two lags around d/Δ. */
function pointCells(d: number, bounds: readonly number[], step: number): Cell[] {
  let bucket = 0;
  while (d > bounds[bucket]) bucket++;
  const r = d / step;
  const m = Math.floor(r);
  return [
    { bucket, lag: m, probability: 1 - (r - m), seconds: (1 - (r - m)) * d },
    { bucket, lag: m + 1, probability: r - m, seconds: (r - m) * d },
  ].filter((c) => c.probability > 0);
}

/** As per generation (generation.ts): validation prices every model that can be drawn, so a miss is a bug. */
function billedPrice(prices: PriceTable, model: string): TokenPrices {
  const price = priceOf(prices, model);
  if (price === undefined) throw new Error(`no prices for model ${model}`);
  return price;
}

/** Splits one path over (bucket, lag) cells. */
function split(path: Path, binning: Binning, prices: PriceTable, out: Outcome[]): void {
  const step = binning.stepMs / 1000;
  const bounds = [...binning.buckets, Infinity];
  const atoms = path.law.atoms();
  const cells = atoms.values.length === 1 ? pointCells(atoms.values[0], bounds, step) : continuousCells(path.law, bounds, step);
  const total = cells.reduce((sum, c) => sum + c.probability, 0);
  const costUsd = path.tokens ? costOf(path.tokens, billedPrice(prices, path.billedModel)) : 0;
  for (const cell of cells.sort((x, y) => x.bucket - y.bucket || x.lag - y.lag)) {
    if (!(cell.probability > 1e-15)) continue;
    out.push({
      source: path.source,
      model: path.model,
      fallbackType: path.fallbackType,
      billedModel: path.billedModel,
      bucket: cell.bucket,
      lag: cell.lag,
      probability: (path.probability * cell.probability) / total,
      meanSeconds: cell.seconds / cell.probability,
      tokens: path.tokens,
      costUsd,
    });
  }
}

const tables = new WeakMap<Profile, WeakMap<PriceTable, Map<string, Outcome[]>>>();

/** The outcomes of a generation under `profile`, binned by `binning` (cached per profile and price table). */
export function outcomeTable(profile: Profile, prices: PriceTable, binning: Binning): Outcome[] {
  let byPrices = tables.get(profile);
  if (!byPrices) tables.set(profile, (byPrices = new WeakMap()));
  let byBinning = byPrices.get(prices);
  if (!byBinning) byPrices.set(prices, (byBinning = new Map()));
  const key = `${binning.stepMs}/${binning.buckets.join(',')}`;
  let table = byBinning.get(key);
  if (!table) {
    table = [];
    for (const p of paths(profile)) split(p, binning, prices, table);
    byBinning.set(key, table);
  }
  return table;
}
