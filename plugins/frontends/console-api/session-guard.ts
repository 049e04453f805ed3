import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleIdentity, ConsoleSession, IssuedSession } from './console-identity';
import { parseCookies, serializeSessionCookie } from './cookie-header';
import { consoleErrors } from './errors';

export const SESSION_COOKIE = 'bsk_console_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What routes (the Console's and the OAuth server's) use to know who is signed in. */
export interface SessionGuard {
  /** The request's session, or 401. State-changing requests must also pass `checkStateChange`. */
  require(request: FastifyRequest): Promise<ConsoleSession>;
  optional(request: FastifyRequest): Promise<ConsoleSession | null>;
  /**
   * For every POST/PATCH/DELETE: a JSON body (a cross-site HTML form cannot send one without
   * a CORS preflight we never answer), a same-origin `Origin` when the browser sends one,
   * and, with a session, its CSRF token in `x-csrf-token`.
   */
  checkStateChange(request: FastifyRequest, session: ConsoleSession | null): void;
  setCookie(reply: FastifyReply, issued: IssuedSession): void;
  clearCookie(reply: FastifyReply): void;
  /** The cookie's raw token (for sign-out). */
  token(request: FastifyRequest): string | undefined;
}

function sameText(left: string, right: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(left), digest(right));
}

export function isStateChanging(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method);
}

export function createSessionGuard(identity: ConsoleIdentity, options: { secureCookies: boolean }): SessionGuard {
  const token = (request: FastifyRequest) => parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  const optional = async (request: FastifyRequest) => {
    const value = token(request);
    return value ? identity.resolveSession(value) : null;
  };
  return {
    token,
    optional,
    async require(request) {
      const session = await optional(request);
      if (!session) throw consoleErrors.create('BSK_CONSOLE_SESSION_MISSING');
      return session;
    },
    checkStateChange(request, session) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) throw consoleErrors.create('BSK_CONSOLE_ORIGIN_DENIED', { origin });
      const contentType = request.headers['content-type'] ?? '';
      if (request.body !== undefined && !contentType.startsWith('application/json')) throw consoleErrors.create('BSK_CONSOLE_CSRF_INVALID');
      if (!session) return;
      const presented = request.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !sameText(presented, session.csrfToken)) throw consoleErrors.create('BSK_CONSOLE_CSRF_INVALID');
    },
    setCookie: (reply, issued) => void reply.header('set-cookie', serializeSessionCookie(SESSION_COOKIE, issued.token, { expires: new Date(issued.expiresAt), secure: options.secureCookies })),
    clearCookie: (reply) => void reply.header('set-cookie', serializeSessionCookie(SESSION_COOKIE, '', { expires: new Date(0), secure: options.secureCookies })),
  };
}
