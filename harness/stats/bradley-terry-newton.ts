// The numerical core of the Bradley–Terry fit: Newton's method with backtracking on the penalized
// negative log-likelihood of a k×k win-total matrix. Kept apart from the model-level code so the
// bootstrap can call it on reweighted totals without rebuilding outcomes. See bradley-terry.ts
// for the model, the units and why there is a ridge.

export const DEFAULT_RIDGE = 1e-4;

export interface BradleyTerryOptions {
  /** λ of the ridge (λ/2)·Σθ² in log10 units (default 1e-4); see bradley-terry.ts. */
  ridge?: number;
  /** Stop when the largest Newton step in θ is below this (default 1e-10, i.e. 4e-8 Elo). */
  tol?: number;
  maxIter?: number;
}

/** Maximizes the penalized likelihood of win totals W (k×k). `start` warm-starts the search. */
export function fitWinTotals(
  w: Float64Array,
  k: number,
  options: BradleyTerryOptions = {},
  start?: ArrayLike<number>,
): { theta: Float64Array; iterations: number; converged: boolean } {
  const ridge = options.ridge ?? DEFAULT_RIDGE;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100;
  const theta = start ? Float64Array.from(start) : new Float64Array(k);
  center(theta);
  const grad = new Float64Array(k);
  const hess = new Float64Array(k * k);
  const step = new Float64Array(k);
  const trial = new Float64Array(k);
  let f = objective(w, k, ridge, theta);
  for (let iter = 1; iter <= maxIter; iter++) {
    derivatives(w, k, ridge, theta, grad, hess);
    // H is singular along (1, …, 1) when λ = 0 (shifting every θ changes nothing); adding 11ᵀ
    // makes it positive definite without changing the step, which is orthogonal to 1 anyway.
    for (let p = 0; p < k * k; p++) hess[p]! += 1;
    for (let i = 0; i < k; i++) step[i] = -grad[i]!;
    choleskySolve(hess, k, step);
    // Backtracking (Armijo) keeps Newton from overshooting when a rating runs off towards the ridge.
    const slope = dot(grad, step);
    // Only without a ridge and with an agent that never played can the system be singular.
    if (!Number.isFinite(slope)) return { theta: center(theta), iterations: iter, converged: false };
    let t = 1;
    let fTrial = f;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let i = 0; i < k; i++) trial[i] = theta[i]! + t * step[i]!;
      fTrial = objective(w, k, ridge, trial);
      if (fTrial <= f + 1e-4 * t * slope) break;
    }
    let largest = 0;
    for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(t * step[i]!));
    if (!(fTrial <= f)) return { theta: center(theta), iterations: iter, converged: largest < tol || maxAbs(grad) < 1e-12 };
    theta.set(trial);
    f = fTrial;
    if (largest < tol) return { theta: center(theta), iterations: iter, converged: true };
  }
  return { theta: center(theta), iterations: maxIter, converged: false };
}

/** −log-likelihood + ridge. log σ(x) is computed without overflow for large |x|. */
function objective(w: Float64Array, k: number, ridge: number, theta: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < k; i++) {
    f += 0.5 * ridge * theta[i]! * theta[i]!;
    for (let j = i + 1; j < k; j++) {
      const wij = w[i * k + j]!;
      const wji = w[j * k + i]!;
      if (wij === 0 && wji === 0) continue;
      const x = Math.LN10 * (theta[i]! - theta[j]!);
      f -= wij * logSigmoid(x) + wji * logSigmoid(-x);
    }
  }
  return f;
}

function derivatives(w: Float64Array, k: number, ridge: number, theta: ArrayLike<number>, grad: Float64Array, hess: Float64Array): void {
  const c = Math.LN10;
  hess.fill(0);
  for (let i = 0; i < k; i++) {
    grad[i] = ridge * theta[i]!;
    hess[i * k + i] = ridge;
  }
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const wij = w[i * k + j]!;
      const wji = w[j * k + i]!;
      const n = wij + wji;
      if (n === 0) continue;
      const p = 1 / (1 + Math.pow(10, theta[j]! - theta[i]!));
      // d/dθi of −[wij log p + wji log(1 − p)] = −c (wij − n p); the j side is the mirror image.
      const g = -c * (wij - n * p);
      grad[i]! += g;
      grad[j]! -= g;
      const h = c * c * n * p * (1 - p);
      hess[i * k + i]! += h;
      hess[j * k + j]! += h;
      hess[i * k + j]! -= h;
      hess[j * k + i]! -= h;
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

function center(theta: Float64Array): Float64Array {
  let mean = 0;
  for (const t of theta) mean += t;
  mean /= theta.length || 1;
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
