import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A checker for the admin bearer token. Both sides are HMACed under a per-process random
 * key first, so the comparison is over equal-length digests and takes the same time
 * whatever the presented token's length or how much of it matches.
 */
export function createAdminTokenCheck(expected: string): (authorization: string | undefined) => boolean {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value).digest();
  const expectedDigest = digest(expected);
  return (authorization) => {
    const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    return timingSafeEqual(digest(presented), expectedDigest) && presented.length > 0;
  };
}

/** The caller's API key from `x-api-key` or `Authorization: Bearer`, or '' when there is none. */
export function presentedApiKey(headers: Readonly<Record<string, string | string[] | undefined>>): string {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const authorization = headers.authorization;
  return (typeof authorization === 'string' && /^Bearer (.+)$/i.exec(authorization)?.[1]?.trim()) || '';
}
