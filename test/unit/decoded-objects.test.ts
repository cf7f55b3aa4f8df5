// The decode cache of the read paths: one decode per key and revision, frozen, bounded by bytes.
import { describe, expect, it } from 'vitest';
import { DecodedObjects } from '../../src/backends/embedded/apiserver/decoded-objects.js';

const value = (name: string, pad = '') => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { pad } });

describe('decoded objects', () => {
  it('decodes a key once per revision from its second read on, and shares the frozen result', () => {
    const cache = new DecodedObjects();
    const once = cache.get('/k/a', value('a'), 5);
    expect(Object.isFrozen(once)).toBe(false);
    expect(cache.peek('/k/a', 5)).toBeUndefined();
    const a = cache.get('/k/a', value('a'), 5);
    expect(a).not.toBe(once);
    expect(a.metadata).toEqual({ name: 'a', resourceVersion: '5' });
    expect(cache.get('/k/a', value('a'), 5)).toBe(a);
    expect(cache.peek('/k/a', 5)).toBe(a);
    expect(cache.peek('/k/a', 4)).toBeUndefined();
    expect(Object.isFrozen(a) && Object.isFrozen(a.metadata) && Object.isFrozen((a as any).data)).toBe(true);
    expect(() => { (a.metadata as any).name = 'b'; }).toThrow(TypeError);
    cache.get('/k/a', value('a2'), 6);
    const next = cache.get('/k/a', value('a2'), 6);
    expect(next).not.toBe(a);
    expect(next.metadata).toEqual({ name: 'a2', resourceVersion: '6' });
  });

  it('holds at most its byte budget, dropping the least recently used', () => {
    const one = value('x', 'p'.repeat(100));
    const cache = new DecodedObjects(one.length * 2 + 64);
    const twice = (key: string, revision: number) => (cache.get(key, one, revision), cache.get(key, one, revision));
    const a = twice('/k/a', 1);
    const b = twice('/k/b', 2);
    expect(cache.get('/k/a', one, 1)).toBe(a); // a is now the most recently used
    twice('/k/c', 3); // over budget: b goes
    expect(cache.get('/k/a', one, 1)).toBe(a);
    expect(cache.get('/k/b', one, 2)).not.toBe(b);
    // Too big to hold at all: decoded, not kept.
    const big = value('big', 'p'.repeat(1000));
    expect(cache.get('/k/big', big, 4)).not.toBe(cache.get('/k/big', big, 4));
  });
});
