import type { Estimate, LeaderboardRow, ReportModel } from './model.js';

/**
 * Number and name formatting shared by the HTML page, the Markdown summary and the chart titles,
 * so the same quantity reads the same everywhere.
 */

/** A fixed number of decimals; `—` for missing values (no valid submission, no estimate). */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

/** `0.712 [0.640, 0.781]`. */
export function fmtEstimate(e: Estimate | undefined, digits = 3): string {
  if (!e) return '—';
  return `${fmt(e.value, digits)} [${fmt(e.lo, digits)}, ${fmt(e.hi, digits)}]`;
}

export function fmtInt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function fmtPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function fmtUsd(value: number): string {
  return `$${value.toFixed(value >= 1 ? 2 : 4)}`;
}

export function fmtDuration(sec: number): string {
  if (sec < 120) return `${sec.toFixed(1)} s`;
  if (sec < 7200) return `${(sec / 60).toFixed(1)} min`;
  return `${(sec / 3600).toFixed(2)} h`;
}

/** p-values: small ones in scientific notation so they do not all read as 0.000. */
export function fmtP(p: number | undefined): string {
  if (p === undefined) return '—';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** A file-name-safe form of a set, suite or category name. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'x';
}

/** Makes `base` unique among `used` by appending -2, -3…, and records it. */
export function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

/** Best first: by Elo when rated, else by normalized score. Every table and chart uses this order. */
export function rankLeaderboard(rows: LeaderboardRow[]): LeaderboardRow[] {
  return rows.slice().sort((a, b) => (b.elo?.value ?? -Infinity) - (a.elo?.value ?? -Infinity) || b.normalized.value - a.normalized.value);
}

/** All agents in leaderboard order, followed by any that appear only elsewhere. */
export function agentOrder(model: ReportModel): string[] {
  const order = rankLeaderboard(model.leaderboard).map((r) => r.agent);
  const seen = new Set(order);
  const more = [...model.sets.flatMap((s) => s.winLoss.agents), ...model.episodes.map((e) => e.agent)];
  for (const agent of more) {
    if (!seen.has(agent)) {
      seen.add(agent);
      order.push(agent);
    }
  }
  return order;
}
