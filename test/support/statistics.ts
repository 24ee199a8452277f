/**
 * Test statistics for the statistical-equivalence tests. Seeds are fixed, so each test is deterministic; the
 * tolerances say how unlikely a failure would be if the two distributions were the same.
 */

/** Pearson's chi-square of observed counts against expected counts; cells expecting under 5 are pooled. */
export function chiSquare(observed: readonly number[], expected: readonly number[]): { statistic: number; df: number } {
  let statistic = 0;
  let df = -1;
  let pooledO = 0;
  let pooledE = 0;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] < 5) {
      pooledO += observed[i];
      pooledE += expected[i];
      continue;
    }
    statistic += (observed[i] - expected[i]) ** 2 / expected[i];
    df++;
  }
  if (pooledE >= 5) {
    statistic += (pooledO - pooledE) ** 2 / pooledE;
    df++;
  }
  return { statistic, df };
}

/**
 * The bound a chi-square with `df` degrees of freedom stays under except with probability ≈ 1e-6: its mean plus six
 * standard deviations (df + 6·√(2·df)), with the right tail's heaviness at small df covered by the margin.
 */
export function chiSquareBound(df: number): number {
  return df + 6 * Math.sqrt(2 * df) + 10;
}

/** Chi-square test of homogeneity of two count vectors over the same cells (are they samples of one distribution?). */
export function chiSquareHomogeneity(a: readonly number[], b: readonly number[]): { statistic: number; df: number } {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  let statistic = 0;
  let df = -1;
  for (let i = 0; i < a.length; i++) {
    const total = a[i] + b[i];
    const ea = (total * na) / (na + nb);
    const eb = (total * nb) / (na + nb);
    if (ea < 5 || eb < 5) continue;
    statistic += (a[i] - ea) ** 2 / ea + (b[i] - eb) ** 2 / eb;
    df++;
  }
  return { statistic, df };
}

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
export function ksTwoSample(a: readonly number[], b: readonly number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * The KS distance two samples of sizes n and m from one continuous distribution exceed with probability α
 * (asymptotic: √(−ln(α/2)/2)·√((n+m)/(n·m))). For discrete counts the test is conservative.
 */
export function ksBound(n: number, m: number, alpha = 1e-6): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}
