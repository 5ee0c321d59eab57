// The numerical core of the Bradley–Terry fit: Newton's method with backtracking on the penalized
// negative log-likelihood of a k×k win-total matrix. Kept apart from the model-level code so the
// bootstrap can call it on reweighted totals without rebuilding outcomes. See bradley-terry.ts
// for the model, the units and why every agent is credited with virtual ties.

/** α: ties each agent is credited with against a virtual opponent (see bradley-terry.ts). */
export const DEFAULT_VIRTUAL_TIES = 1;

export interface BradleyTerryOptions {
  /**
   * Ties each agent is credited with against a virtual opponent, i.e. α/2 wins and α/2 losses
   * (default 1; 0 gives the plain maximum-likelihood fit). See bradley-terry.ts.
   */
  virtualTies?: number;
  /** λ of an optional ridge (λ/2)·Σθ² over every rating, the virtual opponent's too, in log10 units (default 0). */
  ridge?: number;
  /** Stop when the largest Newton step in θ is below this (default 1e-10, i.e. 4e-8 Elo). */
  tol?: number;
  maxIter?: number;
}

/**
 * Maximizes the penalized likelihood of win totals W (k×k); returns θ with mean 0 over the k
 * agents. `start` (k values) warm-starts the search.
 *
 * The virtual opponent is one more rating, index k, whose pairs with every agent i are fixed at
 * α/2 wins each way: its rating is fitted with the others, and only differences matter, so this
 * is the same as holding it at 0 (WHR's virtual player) and re-centring the agents afterwards.
 */
export function fitWinTotals(
  w: Float64Array,
  k: number,
  options: BradleyTerryOptions = {},
  start?: ArrayLike<number>,
): { theta: Float64Array; iterations: number; converged: boolean } {
  const half = (options.virtualTies ?? DEFAULT_VIRTUAL_TIES) / 2;
  const ridge = options.ridge ?? 0;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100;
  const model: Model = { w, k, m: half > 0 ? k + 1 : k, half, ridge };
  const m = model.m;
  const theta = new Float64Array(m);
  if (start) for (let i = 0; i < k; i++) theta[i] = start[i]!;
  center(theta, m);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  const step = new Float64Array(m);
  const trial = new Float64Array(m);
  const done = (iterations: number, converged: boolean) => ({ theta: center(theta, k).slice(0, k), iterations, converged });
  let f = objective(model, theta);
  for (let iter = 1; iter <= maxIter; iter++) {
    derivatives(model, theta, grad, hess);
    // H is singular along (1, …, 1) when λ = 0 (shifting every θ changes nothing); adding 11ᵀ
    // makes it positive definite without changing the step, which is orthogonal to 1 anyway.
    for (let p = 0; p < m * m; p++) hess[p]! += 1;
    for (let i = 0; i < m; i++) step[i] = -grad[i]!;
    choleskySolve(hess, m, step);
    // Backtracking (Armijo) keeps Newton from overshooting when a rating runs off (plain MLE on
    // separated data).
    const slope = dot(grad, step);
    // Only without virtual ties or ridge and with an agent that never played can the system be singular.
    if (!Number.isFinite(slope)) return done(iter, false);
    let t = 1;
    let fTrial = f;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let i = 0; i < m; i++) trial[i] = theta[i]! + t * step[i]!;
      fTrial = objective(model, trial);
      if (fTrial <= f + 1e-4 * t * slope) break;
    }
    let largest = 0;
    for (let i = 0; i < m; i++) largest = Math.max(largest, Math.abs(t * step[i]!));
    if (!(fTrial <= f)) return done(iter, largest < tol || maxAbs(grad) < 1e-12);
    theta.set(trial);
    f = fTrial;
    if (largest < tol) return done(iter, true);
  }
  return done(maxIter, false);
}

/** The penalized likelihood: k agents' win totals, plus the virtual opponent at index k when m = k + 1. */
interface Model {
  w: Float64Array;
  k: number;
  m: number;
  /** α/2: wins each way between every agent and the virtual opponent. */
  half: number;
  ridge: number;
}

/** Wins of i over j (either may be the virtual opponent k). */
function wins({ w, k, half }: Model, i: number, j: number): number {
  return i === k || j === k ? half : w[i * k + j]!;
}

/** −log-likelihood + ridge. log σ(x) is computed without overflow for large |x|. */
function objective(model: Model, theta: ArrayLike<number>): number {
  const { m, ridge } = model;
  let f = 0;
  for (let i = 0; i < m; i++) {
    f += 0.5 * ridge * theta[i]! * theta[i]!;
    for (let j = i + 1; j < m; j++) {
      const wij = wins(model, i, j);
      const wji = wins(model, j, i);
      if (wij === 0 && wji === 0) continue;
      const x = Math.LN10 * (theta[i]! - theta[j]!);
      f -= wij * logSigmoid(x) + wji * logSigmoid(-x);
    }
  }
  return f;
}

function derivatives(model: Model, theta: ArrayLike<number>, grad: Float64Array, hess: Float64Array): void {
  const { m, ridge } = model;
  const c = Math.LN10;
  hess.fill(0);
  for (let i = 0; i < m; i++) {
    grad[i] = ridge * theta[i]!;
    hess[i * m + i] = ridge;
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const wij = wins(model, i, j);
      const wji = wins(model, j, i);
      const n = wij + wji;
      if (n === 0) continue;
      const p = 1 / (1 + Math.pow(10, theta[j]! - theta[i]!));
      // d/dθi of −[wij log p + wji log(1 − p)] = −c (wij − n p); the j side is the mirror image.
      const g = -c * (wij - n * p);
      grad[i]! += g;
      grad[j]! -= g;
      const h = c * c * n * p * (1 - p);
      hess[i * m + i]! += h;
      hess[j * m + j]! += h;
      hess[i * m + j]! -= h;
      hess[j * m + i]! -= h;
    }
  }
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Solves A x = b in place (b becomes x) for symmetric positive definite A (destroyed). */
function choleskySolve(a: Float64Array, k: number, b: Float64Array): void {
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let p = 0; p < j; p++) d -= a[j * k + p]! * a[j * k + p]!;
    const ljj = Math.sqrt(d);
    a[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= a[i * k + p]! * a[j * k + p]!;
      a[i * k + j] = s / ljj;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= a[i * k + p]! * b[p]!;
    b[i] = s / a[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < k; p++) s -= a[p * k + i]! * b[p]!;
    b[i] = s / a[i * k + i]!;
  }
}

/** Shifts θ so that its first n entries have mean 0 (n = k: the agents, without the virtual opponent). */
function center(theta: Float64Array, n: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += theta[i]!;
  mean /= n || 1;
  for (let i = 0; i < theta.length; i++) theta[i]! -= mean;
  return theta;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
