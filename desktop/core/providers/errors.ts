import { defineErrors } from '../../../kernel/errors';

/** Errors of the Provider slot: what went wrong talking to a configured provider, in words a user can act on. */
export const providerErrors = defineErrors({
  BSK_PROVIDER_NOT_CONFIGURED: { status: 400, message: 'no provider is configured: add one with `dosia providers add <name> --type bytespike|anthropic|openai --url <base> --key <key>`' },
  BSK_PROVIDER_UNKNOWN: { status: 404, message: 'no provider named "{provider}" is configured' },
  BSK_PROVIDER_BAD_CONFIG: { status: 400, message: 'provider "{provider}" in settings is unusable: {reason}' },
  BSK_PROVIDER_DENIED: { status: 403, message: '{reason}' },
  BSK_PROVIDER_UNREACHABLE: { status: 502, message: 'provider "{provider}" at {url} cannot be reached: {reason}' },
  BSK_PROVIDER_AUTH: { status: 401, message: 'provider "{provider}" rejected the API key (HTTP {httpStatus}): {reason}; update it with `dosia providers add {provider} …`' },
  BSK_PROVIDER_UNKNOWN_MODEL: { status: 404, message: 'model "{model}" is not offered by {where}: run `dosia models` for the current list' },
  BSK_PROVIDER_FAILED: { status: 502, message: 'provider "{provider}" answered HTTP {httpStatus}: {reason}' },
  BSK_PROVIDER_TIMEOUT: { status: 504, message: 'provider "{provider}" did not answer in time' },
  BSK_PROVIDER_MALFORMED: { status: 502, message: 'provider "{provider}" sent a response DOSIA cannot read: {reason}' },
});
