import { defineErrors } from '../../../kernel/errors';

/** OAuth 2.1 refusals; `oauthErrorName` gives each its RFC 6749 §5.2 / §4.1.2.1 `error` value. */
export const oauthErrors = defineErrors({
  BSK_OAUTH_INVALID_REQUEST: { status: 400, message: 'parameter {param}: {reason}' },
  BSK_OAUTH_INVALID_CLIENT: { status: 401, message: 'unknown client_id "{clientId}": this server has one public client, dosia' },
  BSK_OAUTH_REDIRECT_URI_INVALID: { status: 400, message: 'redirect_uri must be a loopback http URL (http://127.0.0.1:<port>/… or http://localhost:<port>/…), got "{redirectUri}"' },
  BSK_OAUTH_INVALID_SCOPE: { status: 400, message: 'scope "{scope}" is not one of {allowed}' },
  BSK_OAUTH_INVALID_GRANT: { status: 400, message: 'the authorization code is {reason}' },
  BSK_OAUTH_UNSUPPORTED_GRANT: { status: 400, message: 'grant_type must be authorization_code' },
});

const OAUTH_ERROR_NAMES: Record<string, string> = {
  BSK_OAUTH_INVALID_REQUEST: 'invalid_request',
  BSK_OAUTH_INVALID_CLIENT: 'invalid_client',
  BSK_OAUTH_REDIRECT_URI_INVALID: 'invalid_request',
  BSK_OAUTH_INVALID_SCOPE: 'invalid_scope',
  BSK_OAUTH_INVALID_GRANT: 'invalid_grant',
  BSK_OAUTH_UNSUPPORTED_GRANT: 'unsupported_grant_type',
};

export function oauthErrorName(code: string): string {
  return OAUTH_ERROR_NAMES[code] ?? 'server_error';
}
