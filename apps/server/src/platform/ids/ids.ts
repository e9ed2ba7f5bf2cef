import { randomBytes } from 'node:crypto';

/**
 * UUID version 7: time-ordered, so primary keys sort by creation and cursors can page on them.
 * Within one millisecond the random tail is incremented, keeping ids from one process strictly increasing.
 */
let lastMs = 0;
let lastTail: Buffer = Buffer.alloc(10);

export function newId(now = Date.now()): string {
  let tail: Buffer;
  if (now <= lastMs) {
    now = lastMs;
    tail = Buffer.from(lastTail);
    for (let i = tail.length - 1; i >= 0; i--) {
      tail[i] = (tail[i]! + 1) & 0xff;
      if (tail[i] !== 0) break;
    }
  } else {
    tail = randomBytes(10);
  }
  lastMs = now;
  lastTail = tail;
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now, 0, 6);
  tail.copy(bytes, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random secret, URL-safe, with the given number of bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
