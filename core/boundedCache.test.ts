import { describe, expect, it } from 'vitest';
import { BoundedCache } from './boundedCache.ts';

describe('a bounded cache', () => {
  it('keeps at most its size, forgetting the oldest entry first', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('makes a value once, an undefined one too', () => {
    const cache = new BoundedCache<string, number | undefined>(10);
    let made = 0;
    const make = () => {
      made++;
      return undefined;
    };
    cache.getOrMake('x', make);
    cache.getOrMake('x', make);
    expect(made).toBe(1);
  });
});
