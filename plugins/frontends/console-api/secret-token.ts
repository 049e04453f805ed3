import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: session ids, CSRF tokens, invite tokens, OAuth codes. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps instead of the token itself (hex SHA-256): the token has 256 bits, so no salt is needed. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
