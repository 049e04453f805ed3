import { defineErrors } from '../../kernel/errors';

/** What the HTTP host itself answers or fails with, apart from unreadable bodies (http-errors.ts). */
export const hostErrors = defineErrors({
  BSK_HTTP_NOT_FOUND: { status: 404, message: 'no endpoint {method} {path} on this gateway' },
  BSK_HTTP_SHUTTING_DOWN: { status: 503, message: 'this gateway instance is shutting down and takes no new requests; retry, and the request reaches a running one' },
  BSK_HTTP_LISTEN_FAILED: { status: 500, message: 'cannot listen on {address}: {reason}' },
});
