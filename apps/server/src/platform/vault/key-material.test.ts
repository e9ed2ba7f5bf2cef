import { describe, expect, it } from 'vitest';
import { LruCache } from '../cache/index.js';
import { encodeKey, generateKey, keyIdOf, parseKeyMaterial } from './key-material.js';
import { MasterKey } from './master-key.js';

describe('key material', () => {
  it('reads 32 bytes as hex, base64 or base64url, and nothing else', () => {
    const key = generateKey();
    expect(parseKeyMaterial(key.toString('hex'))).toEqual(key);
    expect(parseKeyMaterial(key.toString('hex').toUpperCase())).toEqual(key);
    expect(parseKeyMaterial(`${encodeKey(key)}\n`)).toEqual(key);
    expect(parseKeyMaterial(key.toString('base64url'))).toEqual(key);
    for (const bad of [
      '',
      'short',
      generateKey().subarray(0, 31).toString('base64'),
      `${key.toString('hex')}00`,
    ]) {
      expect(parseKeyMaterial(bad)).toBeUndefined();
    }
    expect(parseKeyMaterial(Buffer.alloc(48, 0xff).toString('base64'))).toBeUndefined();
  });

  it('names a key by 8 hex digits that differ between keys and do not reveal it', () => {
    const a = generateKey();
    expect(keyIdOf(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf(a)).toBe(keyIdOf(Buffer.from(a)));
    expect(keyIdOf(a)).not.toBe(keyIdOf(generateKey()));
    expect(a.toString('hex')).not.toContain(keyIdOf(a));
    expect(new MasterKey(a, { kind: 'env' }).id).toBe(keyIdOf(a));
    expect(() => new MasterKey(a.subarray(0, 16), { kind: 'env' })).toThrow(/32 bytes/);
  });

  it('keeps a bounded number of unwrapped keys, forgetting the least recently used', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
  });
});
