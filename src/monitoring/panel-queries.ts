/**
 * The PromQL behind the dashboard's 14 panels (the guide's queries, with its `$interval` and `$model` variables
 * wired in). Metric names come from the catalogue, never spelled here.
 */
import { METRICS } from '../metrics/catalogue.js';

const GEN = METRICS.generated.name;
const CACHE = METRICS.cacheHit.name;
const FALLBACK = METRICS.fallback.name;
const BUCKET = `${METRICS.duration.name}_bucket`;
const ACTIVE = METRICS.active.name;
const COST = METRICS.cost.name;
const MIGRATION = METRICS.migration.name;

/** The guide's flat cost estimate per Claude generation (prompt caching included). */
export const GUIDE_COST_PER_GENERATION = 0.002;

const claudeP = (q: number): string =>
  `histogram_quantile(${q}, sum by (le) (rate(${BUCKET}{source="claude"}[$interval])))`;

export const PANEL_QUERIES = {
  generationsBySource: `sum by (source) (rate(${GEN}{model=~"$model"}[$interval])) * 60`,
  dailyCost: `sum(increase(${GEN}{source="claude",model=~"$model"}[24h])) * ${GUIDE_COST_PER_GENERATION}`,
  dailyCostTokens: `sum(increase(${COST}{model=~"$model"}[24h]))`,
  cacheHitRate: `sum(rate(${CACHE}[$interval])) / sum(rate(${GEN}[$interval])) * 100`,
  fallbackRate: `sum(rate(${FALLBACK}[$interval])) / sum(rate(${GEN}[$interval])) * 100`,
  p95: claudeP(0.95),
  total24h: `sum(increase(${GEN}{model=~"$model"}[24h]))`,
  claude24h: `sum(increase(${GEN}{source="claude",model=~"$model"}[24h]))`,
  cacheHits24h: `sum(increase(${CACHE}[24h]))`,
  fallbacks24h: `sum(increase(${FALLBACK}[24h]))`,
  p50: claudeP(0.5),
  p99: claudeP(0.99),
  hourlyCost: `sum(increase(${GEN}{source="claude",model=~"$model"}[1h])) * ${GUIDE_COST_PER_GENERATION}`,
  hourlyCostTokens: `sum(increase(${COST}{model=~"$model"}[1h]))`,
  active: `sum(${ACTIVE})`,
  sourceSplit24h: `sum by (source) (increase(${GEN}{model=~"$model"}[24h]))`,
  migration: MIGRATION,
} as const;
