import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'dosia_token';
export const TOKEN_HEADER = 'x-dosia-token';

/** A per-launch secret: whoever holds it drives DOSIA, so it is 256 random bits. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from the `dosia_token` cookie, if any. */
export function tokenFromCookie(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Loopback only, and only under the names we listen as: a page on another site that
 * rebinds its DNS name to 127.0.0.1 still sends its own Host and is refused.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
