import { afterEach, describe, expect, it } from 'vitest';
import { WARM_CONFIGURATIONS, WarmPool, warmPoolSize } from '../../harness/sandbox/docker/warm-pool.js';

// The pool's bookkeeping on its own; docker-warm.test.ts has it with real containers.
describe('warm pool', () => {
  const discarded: string[] = [];
  const pool = () => new WarmPool<string>({ discard: async (item) => void discarded.push(item), discardSync: (item) => void discarded.push(item) });
  let made = 0;
  const make = (key: string) => async () => `${key}#${++made}`;

  afterEach(() => {
    discarded.length = 0;
    made = 0;
    delete process.env.ARENA_DOCKER_WARM;
  });

  it('hands each item out once, waiting for one still being made, and keeps `size` per key', async () => {
    const p = pool();
    let finish!: (item: string) => void;
    p.fill('a', 1, () => new Promise<string>((resolve) => (finish = resolve)));
    const taken = p.take('a');
    finish('a#slow');
    expect(await taken).toBe('a#slow');
    expect(await p.take('a')).toBeUndefined();
    p.fill('a', 2, make('a'));
    expect([await p.take('a'), await p.take('a'), await p.take('a')]).toEqual(['a#1', 'a#2', undefined]);
    expect(discarded).toEqual([]);
  });

  it('gives nothing for a failed creation, so the caller creates its own', async () => {
    const p = pool();
    p.fill('a', 1, () => Promise.reject(new Error('engine gone')));
    expect(await p.take('a')).toBeUndefined();
  });

  it(`keeps ${WARM_CONFIGURATIONS} configurations, discarding the least recently used, and discards all on drain`, async () => {
    const p = pool();
    for (const key of ['a', 'b', 'c', 'd']) p.fill(key, 1, make(key));
    p.fill('a', 1, make('a')); // used again: now the most recent
    p.fill('e', 1, make('e'));
    await p.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(discarded).toEqual(['b#2']);
    expect(await p.take('b')).toBeUndefined();
    expect(await p.take('a')).toBe('a#1');
    await p.drain();
    expect(discarded.sort()).toEqual(['b#2', 'c#3', 'd#4', 'e#5']);
  });

  it('reads its size from ARENA_DOCKER_WARM: 1 by default, 0 for off, an error naming the variable otherwise', () => {
    expect(warmPoolSize()).toBe(1);
    process.env.ARENA_DOCKER_WARM = '0';
    expect(warmPoolSize()).toBe(0);
    process.env.ARENA_DOCKER_WARM = 'two';
    expect(() => warmPoolSize()).toThrow(/ARENA_DOCKER_WARM="two": expected a whole number/);
  });
});
