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
 */
export function fitWinTotals(
  w: Float64Array,
  k: number,
  options: BradleyTerryOptions = {},
  start?: ArrayLike<number>,
): { theta: Float64Array; iterations: number; converged: boolean } {
  const alpha = options.virtualTies ?? DEFAULT_VIRTUAL_TIES;
  if (!(alpha >= 0)) throw new RangeError(`fitWinTotals: virtualTies must be ≥ 0, got ${alpha}`);
  const ridge = options.ridge ?? 0;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100;
  const m = alpha > 0 ? k + 1 : k;
  const a = alpha > 0 ? withVirtualOpponent(w, k, alpha) : w;
  const theta = new Float64Array(m);
  if (start) for (let i = 0; i < k; i++) theta[i] = start[i]!;
  center(theta, m);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  const step = new Float64Array(m);
  const trial = new Float64Array(m);
  const gamma = new Float64Array(m);
  const done = (iterations: number, converged: boolean) => ({ theta: center(theta, k).slice(0, k), iterations, converged });
  let f = objective(a, m, ridge, theta, gamma);
  for (let iter = 1; iter <= maxIter; iter++) {
    derivatives(a, m, ridge, theta, gamma, grad, hess);
    // H is singular along (1, …, 1) when λ = 0 (shifting every θ changes nothing); adding 11ᵀ
    // makes it positive definite without changing the step, which is orthogonal to 1 anyway.
    for (let p = 0; p < m * m; p++) hess[p]! += 1;
    for (let i = 0; i < m; i++) step[i] = -grad[i]!;
    choleskySolve(hess, m, step);
    // A step this small is below what f can resolve, so the line search could only refuse it; near
    // the optimum Newton's step is right: take it as the last. A warm start from a fit's own
    // optimum then returns it to rounding, not to within tol.
    if (maxAbs(step) < tol) {
      for (let i = 0; i < m; i++) theta[i]! += step[i]!;
      return done(iter, true);
    }
    // Backtracking (Armijo) keeps Newton from overshooting when a rating runs off (plain MLE on
    // separated data).
    const slope = dot(grad, step);
    // Only without virtual ties or ridge and with an agent that never played can the system be singular.
    if (!Number.isFinite(slope)) return done(iter, false);
    let t = 1;
    let fTrial = f;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let i = 0; i < m; i++) trial[i] = theta[i]! + t * step[i]!;
      fTrial = objective(a, m, ridge, trial, gamma);
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

/**
 * W with the virtual opponent as row and column k: α/2 wins each way against every agent. Its
 * rating is fitted with the others and only differences matter, so this is the same as holding it
 * at 0 (WHR's virtual player) and re-centring the agents afterwards.
 */
function withVirtualOpponent(w: Float64Array, k: number, alpha: number): Float64Array {
  const m = k + 1;
  const a = new Float64Array(m * m);
  for (let i = 0; i < k; i++) {
    a.set(w.subarray(i * k, (i + 1) * k), i * m);
    a[i * m + k] = alpha / 2;
    a[k * m + i] = alpha / 2;
  }
  return a;
}

/**
 * γi = 10^(θi − max θ), so P(i beats j) = γi / (γi + γj) costs one exponential per agent, not one
 * per pair, and none can overflow. Returns max θ.
 */
function strengths(theta: ArrayLike<number>, m: number, gamma: Float64Array): number {
  let top = -Infinity;
  for (let i = 0; i < m; i++) top = Math.max(top, theta[i]!);
  for (let i = 0; i < m; i++) gamma[i] = Math.pow(10, theta[i]! - top);
  return top;
}

/**
 * −log-likelihood + ridge of win totals a (m×m): log P(i beats j) = ln10·(θi − max θ) − ln(γi + γj).
 * Two ratings that met both more than 308 below the top underflow γi + γj to 0: +∞ then, so the
 * line search turns down a trial step that spreads the ratings that far.
 */
function objective(a: Float64Array, m: number, ridge: number, theta: ArrayLike<number>, gamma: Float64Array): number {
  const c = Math.LN10;
  const top = strengths(theta, m, gamma);
  let f = 0;
  for (let i = 0; i < m; i++) {
    f += 0.5 * ridge * theta[i]! * theta[i]!;
    for (let j = i + 1; j < m; j++) {
      const wij = a[i * m + j]!;
      const wji = a[j * m + i]!;
      if (wij === 0 && wji === 0) continue;
      const sum = gamma[i]! + gamma[j]!;
      if (sum === 0) return Infinity;
      f += (wij + wji) * Math.log(sum) - c * (wij * (theta[i]! - top) + wji * (theta[j]! - top));
    }
  }
  return f;
}

function derivatives(a: Float64Array, m: number, ridge: number, theta: ArrayLike<number>, gamma: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const c = Math.LN10;
  strengths(theta, m, gamma);
  hess.fill(0);
  for (let i = 0; i < m; i++) {
    grad[i] = ridge * theta[i]!;
    hess[i * m + i] = ridge;
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const wij = a[i * m + j]!;
      const wji = a[j * m + i]!;
      const n = wij + wji;
      if (n === 0) continue;
      const p = gamma[i]! / (gamma[i]! + gamma[j]!);
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
