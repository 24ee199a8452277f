/**
 * Token prices, USD per million tokens, from Anthropic's public list prices. Opus 4.5 is the model the Astroia
 * Lunar API uses; the others let a scenario model a cheaper fallback model. A scenario may add or override prices.
 */
export interface TokenPrices {
  input: number;
  cache_write: number;
  cache_read: number;
  output: number;
}

export type PriceTable = Readonly<Record<string, TokenPrices>>;

/** The default model of every shipped scenario. */
export const OPUS_4_5 = 'claude-opus-4-5-20251101';

export const LIST_PRICES: PriceTable = priceTable({
  [OPUS_4_5]: { input: 5, cache_write: 6.25, cache_read: 0.5, output: 25 },
  'claude-sonnet-4-5-20250929': { input: 3, cache_write: 3.75, cache_read: 0.3, output: 15 },
  'claude-haiku-4-5-20251001': { input: 1, cache_write: 1.25, cache_read: 0.1, output: 5 },
});

/** The four token types, in the order metrics list them. */
export const TOKEN_TYPES = ['input', 'cache_write', 'cache_read', 'output'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenCounts = Record<TokenType, number>;

/**
 * A price table with no prototype: looking up a model named `constructor` or `toString` finds nothing unless the
 * table lists it. Later tables override earlier ones.
 */
export function priceTable(...tables: (PriceTable | undefined)[]): PriceTable {
  return Object.assign(Object.create(null) as Record<string, TokenPrices>, ...tables);
}

/** The prices of `model`, when the table lists that model itself. */
export function priceOf(table: PriceTable, model: string): TokenPrices | undefined {
  return Object.hasOwn(table, model) ? table[model] : undefined;
}

/** Cost in USD of `tokens` at `prices`. */
export function costOf(tokens: TokenCounts, prices: TokenPrices): number {
  return (
    (tokens.input * prices.input +
      tokens.cache_write * prices.cache_write +
      tokens.cache_read * prices.cache_read +
      tokens.output * prices.output) /
    1_000_000
  );
}
