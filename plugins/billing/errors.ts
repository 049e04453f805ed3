import { defineErrors } from '../../kernel/errors';

/** Identity, keys, rate limits, wallet and ledger errors. Statuses are what a client sees. */
export const billingErrors = defineErrors({
  BSK_AUTH_KEY_MISSING: { status: 401, message: 'no API key: send it as x-api-key or Authorization: Bearer' },
  BSK_AUTH_KEY_INVALID: { status: 401, message: 'the API key is unknown, revoked or expired' },
  BSK_AUTH_SCOPE_DENIED: { status: 403, message: 'this key lacks the scope "{scope}"' },
  BSK_AUTH_MODEL_DENIED: { status: 403, message: 'this key may not use model "{model}" (allowed: {allowed})' },
  BSK_RATE_KEY_RPM: { status: 429, message: 'rate limit of this key reached ({limit} requests per minute); retry in {retryAfterSeconds}s' },
  BSK_RATE_MEMBER_RPM: { status: 429, message: 'rate limit of member {memberId} reached ({limit} requests per minute); retry in {retryAfterSeconds}s' },
  BSK_RATE_KEY_TPM: { status: 429, message: 'token limit of this key reached ({limit} tokens per minute; this request may use {tokens}); it resets at {resetsAt}, retry in {retryAfterSeconds}s' },
  BSK_RATE_MEMBER_TPM: { status: 429, message: 'token limit of member {memberId} reached ({limit} tokens per minute; this request may use {tokens}); it resets at {resetsAt}, retry in {retryAfterSeconds}s' },
  BSK_ACCOUNTS_INVALID_INPUT: { status: 400, message: 'field {param}: {reason}' },
  BSK_ACCOUNTS_ORG_NOT_FOUND: { status: 404, message: 'no organisation {orgId}' },
  BSK_ACCOUNTS_MEMBER_NOT_FOUND: { status: 404, message: 'no member {memberId}' },
  BSK_ACCOUNTS_MEMBER_EXISTS: { status: 409, message: 'organisation {orgId} already has a member {email}' },
  BSK_KEYS_NOT_FOUND: { status: 404, message: 'no key {keyId}' },
  BSK_KEYS_WIDENS_PARENT: { status: 403, message: 'a derived key cannot exceed its parent: field {param} {reason}' },
  BSK_BILLING_INVALID_AMOUNT: { status: 400, message: 'field {param}: must be an integer number of credits from {minimum} to {maximum}, got {value}' },
  BSK_BILLING_INSUFFICIENT_CREDITS: { status: 402, message: 'wallet of organisation {orgId} has {available} credits, this request may cost up to {needed}; top up the wallet' },
  BSK_BILLING_ORG_LIMIT: { status: 429, message: 'organisation {period} spend limit of {limit} credits reached ({spent} spent or held, {needed} needed); resets at {resetsAt}', retryable: false },
  BSK_BILLING_MEMBER_QUOTA: { status: 429, message: 'member {period} quota of {limit} credits reached ({spent} spent or held, {needed} needed); resets at {resetsAt}', retryable: false },
  BSK_BILLING_KEY_CAP: { status: 403, message: 'credit cap of key {prefix} reached ({limit} credits, {spent} spent or held, {needed} needed)' },
  BSK_BILLING_REQUEST_CONFLICT: { status: 409, message: 'request id {requestId} is already {state}' },
  BSK_BILLING_RESERVATION_NOT_FOUND: { status: 404, message: 'no reservation for request id {requestId}' },
  BSK_BILLING_GENERATION_NOT_FOUND: { status: 404, message: 'no generation with id {requestId}' },
});
