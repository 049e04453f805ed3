import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const RAW_KEY = /^bsk_[A-Za-z0-9_-]{43}$/;
const DISPLAYED_CHARACTERS = 12;

/** `bsk_` + 256 random bits in base64url (43 characters). Shown once, never stored. */
export function generateRawKey(): string {
  return `bsk_${randomBytes(32).toString('base64url')}`;
}

export function looksLikeRawKey(value: string): boolean {
  return RAW_KEY.test(value);
}

/** The part of a key safe to show in listings: `bsk_Ab3dEf7h`. */
export function displayPrefix(rawKey: string): string {
  return rawKey.slice(0, DISPLAYED_CHARACTERS);
}

/**
 * Keys are stored as HMAC-SHA256 under a server secret: a stolen database alone cannot
 * confirm a guessed key, and lookups by hash need no per-key salt.
 */
export function hashRawKey(secret: string, rawKey: string): string {
  return createHmac('sha256', secret).update(rawKey).digest('hex');
}

/** Constant-time comparison of two hex digests (or any two strings, by their HMAC). */
export function digestsEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newServerSecret(): string {
  return randomBytes(32).toString('hex');
}
