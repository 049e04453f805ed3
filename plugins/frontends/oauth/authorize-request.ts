import { isScope, type Scope } from '../../billing/key-policy';
import { oauthErrors } from './errors';
import { isLoopbackRedirect } from './loopback-redirect';
import { S256_CHALLENGE } from './pkce';

/** The one public client: DOSIA, on the user's machine. */
export const PUBLIC_CLIENT_ID = 'dosia';
export const DEFAULT_SCOPES: readonly Scope[] = ['chat'];

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scopes: readonly Scope[];
  readonly deviceName: string;
}

type Params = Readonly<Record<string, unknown>>;

function text(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

function invalid(param: string, reason: string): never {
  throw oauthErrors.create('BSK_OAUTH_INVALID_REQUEST', { param, reason });
}

/**
 * The client and redirect URI, checked first: until both are known good, errors must
 * not be sent to the redirect URI (RFC 6749 §4.1.2.1), or it becomes an open redirector.
 */
export function checkClient(params: Params): { clientId: string; redirectUri: string } {
  const clientId = text(params, 'client_id') ?? '';
  if (clientId !== PUBLIC_CLIENT_ID) throw oauthErrors.create('BSK_OAUTH_INVALID_CLIENT', { clientId });
  const redirectUri = text(params, 'redirect_uri') ?? '';
  if (!isLoopbackRedirect(redirectUri)) throw oauthErrors.create('BSK_OAUTH_REDIRECT_URI_INVALID', { redirectUri });
  return { clientId, redirectUri };
}

function parseScopes(requested: string | undefined): readonly Scope[] {
  if (requested === undefined || !requested.trim()) return DEFAULT_SCOPES;
  const scopes = [...new Set(requested.trim().split(/\s+/))];
  const unknown = scopes.find((scope) => !isScope(scope));
  if (unknown !== undefined) throw oauthErrors.create('BSK_OAUTH_INVALID_SCOPE', { scope: unknown, allowed: 'chat images videos embeddings rerank skills:publish keys:derive' });
  return scopes as Scope[];
}

/** Authorization code with PKCE S256 only (OAuth 2.1): no implicit grant, no plain challenges, `state` required. */
export function parseAuthorizeRequest(params: Params): AuthorizeRequest {
  const client = checkClient(params);
  if (text(params, 'response_type') !== 'code') invalid('response_type', 'must be code');
  const state = text(params, 'state');
  if (!state || state.length > 512) invalid('state', 'is required (1-512 characters)');
  if (text(params, 'code_challenge_method') !== 'S256') invalid('code_challenge_method', 'must be S256');
  const codeChallenge = text(params, 'code_challenge') ?? '';
  if (!S256_CHALLENGE.test(codeChallenge)) invalid('code_challenge', 'must be the base64url SHA-256 of the code verifier (43 characters)');
  const deviceName = (text(params, 'device_name') ?? '').trim() || 'this device';
  if (deviceName.length > 100) invalid('device_name', 'must be at most 100 characters');
  return { ...client, state, codeChallenge, scopes: parseScopes(text(params, 'scope')), deviceName };
}

/** The redirect back to the client, with the code or an error, and the client's `state`. */
export function redirectBack(redirectUri: string, fields: Readonly<Record<string, string>>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
  return url.toString();
}
