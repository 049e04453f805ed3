/** The name=value pairs of a `Cookie` header (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim();
    if (!cookies.has(name)) cookies.set(name, pair.slice(equals + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  readonly expires: Date;
  readonly secure: boolean;
}

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), scoped to the Console's and the OAuth server's paths by `Path=/`.
 */
export function serializeSessionCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', `Expires=${options.expires.toUTCString()}`, 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
