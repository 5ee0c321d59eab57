import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny, parseGlobList } from '../../harness/util/glob.js';

// The viewer filters with SQLite's GLOB; eval and report must select exactly the same ids.
describe('globs with SQLite GLOB semantics', () => {
  const db = new Database(':memory:');
  const glob = db.prepare<[string, string], { m: number }>('SELECT ? GLOB ? AS m');
  const sqlite = (value: string, pattern: string) => glob.get(value, pattern)!.m === 1;

  it('agrees with SQLite on task and agent ids and on random patterns', () => {
    const values = ['iris-species', 'star98-nabove-share-regression', 'baseline:gbm', 'baseline:iterate-6', 'openai:gpt-4o', 'Iris', 'a]b', 'a^b', 'x.y', 'a-b', ''];
    const patterns = ['*', 'iris*', '*-regression', 'baseline:*', 'baseline:iterate-?', '[ab]*', '[^b]*', '[a-c]*', '*[0-9]*', 'I*', 'i*', 'a]b', 'a[]]b', 'a^b', 'x.y', 'x?y', '[', 'a[b', '*:gpt-4?', 'a[-]b'];
    for (const v of values) for (const p of patterns) expect(globToRegExp(p).test(v), `${JSON.stringify(v)} GLOB ${JSON.stringify(p)}`).toBe(sqlite(v, p));
    const alphabet = ['a', 'b', '-', ':', '*', '?', '[', ']', '^', '1'];
    let state = 7;
    const pick = () => alphabet[(state = (state * 1103515245 + 12345) % 2 ** 31) % alphabet.length]!;
    for (let n = 0; n < 3000; n++) {
      const p = Array.from({ length: 1 + (n % 5) }, pick).join('');
      const v = Array.from({ length: n % 6 }, pick).filter((c) => !'*?['.includes(c)).join('');
      expect(globToRegExp(p).test(v), `${JSON.stringify(v)} GLOB ${JSON.stringify(p)}`).toBe(sqlite(v, p));
    }
  });

  it('selects everything without globs, and reads comma-separated lists', () => {
    expect(matchesAny('anything', undefined)).toBe(true);
    expect(matchesAny('baseline:gbm', ['*:knn', 'baseline:g*'])).toBe(true);
    expect(matchesAny('baseline:gbm', ['*:knn'])).toBe(false);
    expect(parseGlobList(['iris*, wine*', 'star98-*'])).toEqual(['iris*', 'wine*', 'star98-*']);
    expect(parseGlobList([' , '])).toBeUndefined();
  });
});
