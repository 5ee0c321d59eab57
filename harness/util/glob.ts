/**
 * Globs with SQLite's GLOB semantics (`*`, `?`, `[abc]`, `[a-z]`, `[^...]`; case-sensitive), so a
 * `--tasks`/`--agents` filter selects the same ids in `arena eval`, `arena report` and `arena view`
 * (which filters in SQLite itself).
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + (glob[i + 1] === '^' ? 3 : 2));
      if (close < 0) {
        // An unclosed class matches nothing in SQLite.
        return /(?!)/;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      const escaped = body.replace(/[\\\]]/g, '\\$&').replace(/^\^/, '\\^');
      out += `[${negated ? '^' : ''}${escaped}]`;
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'u');
}

/** Whether a value matches any of the globs; no globs select everything. */
export function matchesAny(value: string, globs: readonly string[] | undefined): boolean {
  return !globs?.length || globs.some((g) => globToRegExp(g).test(value));
}

/** `a,b, c` as a list of globs (a repeated option may give several lists). */
export function parseGlobList(values: readonly string[] | string | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return list.length ? list : undefined;
}
