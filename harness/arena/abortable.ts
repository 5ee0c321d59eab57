/**
 * Waits for `pending` unless `signal` fires first: a step that has not finished when the episode
 * is stopped (its deadline, a budget) is left behind, and destroying the sandbox afterwards ends
 * whatever it was waiting for. The abandoned promise's rejection is swallowed, never unhandled.
 */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal, reason: () => string): Promise<T> {
  pending.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new Error(`episode stopped: ${reason()}`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`episode stopped during a step: ${reason()}`));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
