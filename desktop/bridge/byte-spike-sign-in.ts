import { createHash, randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { bridgeErrors } from './bridge-errors';

/** DOSIA's public OAuth client id on every ByteSpike gateway. */
export const DOSIA_CLIENT_ID = 'dosia';
/** What the derived key may do: chat (model listing comes with any key). */
const SCOPES = 'chat';

export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

/** RFC 7636: a 43-character base64url verifier and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInAttempt {
  /** The gateway's consent page; open it in the system browser. */
  readonly authorizeUrl: string;
  /** Resolves with the derived ByteSpike key once the loopback redirect came back and the code was exchanged. */
  readonly key: Promise<string>;
  cancel(): void;
}

export interface SignInOptions {
  readonly gatewayUrl: string;
  readonly fetch?: typeof fetch;
  /** How long to wait for the browser to come back (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Shown on the consent page and as the key's name, e.g. "DOSIA on ada-mbp". */
  readonly deviceName?: string;
}

const PAGE = (title: string) => `<!doctype html><meta charset="utf-8"><title>DOSIA</title><body style="font:16px system-ui;padding:3em">${title} You can close this tab and return to DOSIA.</body>`;

function authorizeUrlFor(options: SignInOptions, redirectUri: string, pkce: PkcePair, state: string): string {
  const url = new URL('/oauth/authorize', options.gatewayUrl);
  url.search = new URLSearchParams({ response_type: 'code', client_id: DOSIA_CLIENT_ID, redirect_uri: redirectUri, code_challenge: pkce.challenge, code_challenge_method: 'S256', state, scope: SCOPES, device_name: options.deviceName ?? `DOSIA on ${hostname()}` }).toString();
  return url.toString();
}

/** POST /oauth/token (form-encoded, RFC 6749 4.1.3 + PKCE); the gateway answers with the derived key as `access_token`. */
async function exchangeCode(options: SignInOptions, code: string, redirectUri: string, verifier: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: DOSIA_CLIENT_ID, code_verifier: verifier });
  const response = await (options.fetch ?? fetch)(new URL('/oauth/token', options.gatewayUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
  const payload = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof payload.access_token !== 'string') {
    const reason = typeof payload.error_description === 'string' ? payload.error_description : typeof payload.error === 'string' ? payload.error : `HTTP ${response.status}`;
    throw bridgeErrors.create('BSK_BRIDGE_SIGN_IN_FAILED', { reason: `the token exchange was refused (${reason})` });
  }
  return payload.access_token;
}

function callbackError(request: IncomingMessage, state: string): string | null {
  const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
  if (query.get('error')) return `the gateway answered ${query.get('error')}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}`;
  if (query.get('state') !== state) return 'the redirect carried a different state (a stale or forged sign-in)';
  if (!query.get('code')) return 'the redirect carried no code';
  return null;
}

/**
 * Starts "Sign in with ByteSpike": a loopback listener on 127.0.0.1 (RFC 8252) waits for
 * the gateway's redirect, checks `state`, and exchanges the code with the PKCE verifier.
 * The listener closes after the first redirect, on cancel, or on timeout.
 */
export async function startByteSpikeSignIn(options: SignInOptions): Promise<SignInAttempt> {
  const pkce = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  let settle!: { resolve: (key: string) => void; reject: (error: unknown) => void };
  const key = new Promise<string>((resolve, reject) => void (settle = { resolve, reject }));
  key.catch(() => undefined);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const timer = setTimeout(() => finish(bridgeErrors.create('BSK_BRIDGE_SIGN_IN_FAILED', { reason: 'the browser did not come back in time' })), options.timeoutMs ?? 300_000);
  let finished = false;
  function finish(outcome: string | Error): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
    if (typeof outcome === 'string') settle.resolve(outcome);
    else settle.reject(outcome);
  }
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/callback')) return void response.writeHead(404).end();
    const problem = callbackError(request, state);
    response.writeHead(problem ? 400 : 200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(PAGE(problem ? 'Sign-in failed.' : 'Signed in.'));
    if (problem) return finish(bridgeErrors.create('BSK_BRIDGE_SIGN_IN_FAILED', { reason: problem }));
    const code = new URL(request.url, 'http://127.0.0.1').searchParams.get('code')!;
    exchangeCode(options, code, redirectUri, pkce.verifier).then(finish, (error: Error) => finish(bridgeErrors.is(error) ? error : bridgeErrors.create('BSK_BRIDGE_SIGN_IN_FAILED', { reason: error.message }, { cause: error })));
  });
  return {
    authorizeUrl: authorizeUrlFor(options, redirectUri, pkce, state),
    key,
    cancel: () => finish(bridgeErrors.create('BSK_BRIDGE_SIGN_IN_FAILED', { reason: 'cancelled' })),
  };
}
