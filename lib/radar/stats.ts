/**
 * The arithmetic behind the radar's evidence: a binomial tail (how likely this
 * many of the people present would tap by chance at the session's usual rate),
 * and the rates a half-life turns into. Pure numbers, no state.
 */

// Lanczos approximation (g = 7, n = 9): |error| < 1e-13 over the reals we need.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X ≥ x) for X ~ Bin(n, p): the chance that x or more of n people tap when
 * each does with probability p. Summed from x upwards in log space, stopping
 * once the terms no longer matter, so it stays exact for small rooms and cheap
 * for large ones.
 */
export function binomialTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let total = 0;
  for (let i = x; i <= n; i++) {
    const term = Math.exp(logChoose(n, i) + i * lp + (n - i) * lq);
    total += term;
    // Past the mode the terms only shrink: stop when they stop counting.
    if (i > n * p && term < total * 1e-16) break;
  }
  return Math.min(1, total);
}

/** The smallest x with P(X ≥ x | Bin(n, p)) < alpha, or n + 1 if none. */
export function smallestSignificant(n: number, p: number, alpha: number): number {
  for (let x = 0; x <= n; x++) if (binomialTail(x, n, p) < alpha) return x;
  return n + 1;
}

/** The weight left after `ageMs` at a half-life of `halfLifeMs`: 1 now, ½ one half-life later. */
export function decay(ageMs: number, halfLifeMs: number): number {
  return Math.pow(2, -Math.max(0, ageMs) / halfLifeMs);
}

/** The EWMA smoothing factor per step of `stepMs` for a half-life: λ = 1 − 2^(−step/halfLife). */
export function ewmaLambda(stepMs: number, halfLifeMs: number): number {
  return 1 - decay(stepMs, halfLifeMs);
}

/** The chance of at least one event in `steps` independent steps of probability r each. */
export function atLeastOnce(r: number, steps: number): number {
  return 1 - Math.pow(1 - r, steps);
}
