import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from './provider.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After we honour; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** Called before each wait, e.g. to log. */
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Exponential backoff with equal jitter, unless the provider said how long to wait. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, error: ProviderError, random: () => number = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Runs `call` until it succeeds, fails for a reason retrying cannot fix, or the attempts are spent.
 * `classify` turns a failure into a ProviderError; what it does not classify (the caller's abort,
 * a bug) passes through as is, never retried. `call` gets a signal of its own, linked to the
 * caller's for this call only: SDKs leave listeners on the signals they are given, and an
 * episode's signal lives for hundreds of calls.
 */
export async function withRetries<T>(
  call: (signal: AbortSignal) => Promise<T>,
  classify: (err: unknown) => ProviderError | undefined,
  policy: RetryPolicy,
  callerSignal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) forward();
  callerSignal?.addEventListener('abort', forward, { once: true });
  const { signal } = controller;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(signal);
      } catch (err) {
        if (signal.aborted) throw err;
        const error = err instanceof ProviderError ? err : classify(err);
        if (!error) throw err;
        error.attempts = attempt;
        if (!error.retryable || attempt >= policy.maxAttempts) {
          if (attempt > 1) error.message = `${error.message} (gave up after ${attempt} attempts)`;
          throw error;
        }
        const delay = retryDelayMs(policy, attempt, error);
        policy.onRetry?.(error, attempt, delay);
        await sleep(delay, undefined, { signal });
      }
    }
  } finally {
    callerSignal?.removeEventListener('abort', forward);
  }
}
