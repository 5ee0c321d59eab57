/** API keys out of text before it goes to a model or into the run. */

export const REDACTED = '[redacted]';

export function redactText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, secret) => t.replaceAll(secret, REDACTED), text);
}

/** Every string inside a JSON-like value, redacted (object keys included). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactText(k, secrets), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
