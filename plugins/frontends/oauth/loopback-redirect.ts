const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * RFC 8252 §7.3: a native app receives the code on a loopback listener of any port it
 * chose. Plain http is right here (the traffic never leaves the machine); anything
 * else, credentials or a fragment in the URL included, is refused.
 */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && !url.username && !url.password && !url.hash && !uri.includes('#');
}
