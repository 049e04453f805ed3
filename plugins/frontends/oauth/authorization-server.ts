import type { Logger } from '../../../kernel/logger';
import type { AccountsService, CreatedKey, KeyInfo } from '../../billing/accounts-service';
import type { Store } from '../../stores/store';
import type { ConsoleSession } from '../console-api/console-identity';
import { keyAsHolder } from '../console-api/key-holder';
import { digestToken, newSecretToken } from '../console-api/secret-token';
import { type AuthorizeRequest, PUBLIC_CLIENT_ID } from './authorize-request';
import { oauthErrors } from './errors';
import { verifierMatches } from './pkce';

/** The member's root key that every "Sign in with ByteSpike" device key is derived from. */
export const SIGN_IN_ROOT_KEY_NAME = 'Sign in with ByteSpike';

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly key_id: string;
  readonly key_name: string;
  readonly org_id: string;
}

export interface AuthorizationServer {
  /** A single-use code for the signed-in member, valid `codeTtlSeconds`. */
  issueCode(session: ConsoleSession, request: AuthorizeRequest): Promise<string>;
  /** Trades a code (with its PKCE verifier) for a freshly derived sub-key of the member. */
  exchangeCode(params: Readonly<Record<string, unknown>>): Promise<TokenResponse>;
}

export interface AuthorizationServerOptions {
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly logger: Logger;
  readonly codeTtlSeconds: number;
  readonly now?: () => Date;
}

function badGrant(reason: string): never {
  throw oauthErrors.create('BSK_OAUTH_INVALID_GRANT', { reason });
}

export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  const { store, accounts, logger } = options;
  const now = options.now ?? (() => new Date());

  /** Reuses the member's live sign-in root key, creating it on first use. */
  const signInRoot = async (memberId: string, orgId: string): Promise<KeyInfo> => {
    const at = now().getTime();
    const existing = (await accounts.listKeys({ orgId, memberId })).find(
      (key) => key.parentId === null && key.name === SIGN_IN_ROOT_KEY_NAME && key.revokedAt === null && (key.expiresAt === null || Date.parse(key.expiresAt) > at),
    );
    return existing ?? accounts.createKey(memberId, { name: SIGN_IN_ROOT_KEY_NAME });
  };

  /** A replayed code means it leaked: the key it was exchanged for is revoked too (RFC 9700 §4.5). */
  const refuseReplay = async (codeHash: string): Promise<never> => {
    const used = await store.getOAuthCode(codeHash);
    if (used?.issuedKeyId) {
      await accounts.revokeKey(used.issuedKeyId);
      logger.warn({ keyId: used.issuedKeyId, memberId: used.memberId }, 'oauth code replayed: the key issued for it is revoked');
    }
    return badGrant(used ? 'already used' : 'unknown');
  };

  return {
    async issueCode(session, request) {
      const code = newSecretToken('bsc_');
      const at = now();
      await store.insertOAuthCode({
        codeHash: digestToken(code), clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, memberId: session.member.id,
        scopes: request.scopes, deviceName: request.deviceName, createdAt: at.toISOString(), expiresAt: new Date(at.getTime() + options.codeTtlSeconds * 1000).toISOString(), usedAt: null, issuedKeyId: null,
      });
      return code;
    },

    async exchangeCode(params) {
      if (params.grant_type !== 'authorization_code') throw oauthErrors.create('BSK_OAUTH_UNSUPPORTED_GRANT');
      if (params.client_id !== PUBLIC_CLIENT_ID) throw oauthErrors.create('BSK_OAUTH_INVALID_CLIENT', { clientId: String(params.client_id ?? '') });
      if (typeof params.code !== 'string' || !params.code) throw oauthErrors.create('BSK_OAUTH_INVALID_REQUEST', { param: 'code', reason: 'is required' });
      const codeHash = digestToken(params.code);
      // Consumed before any other check: a code is spent by its first presentation, right or wrong.
      const code = (await store.consumeOAuthCode(codeHash, now().toISOString())) ?? (await refuseReplay(codeHash));
      if (Date.parse(code.expiresAt) <= now().getTime()) badGrant('expired');
      if (code.clientId !== params.client_id || code.redirectUri !== params.redirect_uri) badGrant('not for this client or redirect_uri');
      if (!verifierMatches(params.code_verifier, code.codeChallenge)) badGrant('not matched by this code_verifier');
      if (await store.isMemberSuspended(code.memberId)) badGrant('for a suspended member');
      const member = await accounts.getMember(code.memberId);
      const root = await signInRoot(member.id, member.orgId);
      const parent = await keyAsHolder(store, accounts, root, now());
      const key: CreatedKey = await accounts.deriveKey(parent, { name: `DOSIA on ${code.deviceName}`, scopes: code.scopes });
      await store.setOAuthCodeIssuedKey(codeHash, key.id);
      logger.info({ orgId: member.orgId, memberId: member.id, keyId: key.id }, 'oauth code exchanged for a derived key');
      return { access_token: key.key, token_type: 'Bearer', scope: code.scopes.join(' '), key_id: key.id, key_name: key.name, org_id: member.orgId };
    },
  };
}
