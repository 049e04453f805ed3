import { defineErrors } from '../../kernel/errors';

/** What the HTTP host itself answers or fails with, apart from unreadable bodies (http-errors.ts). */
export const hostErrors = defineErrors({
  BSK_HTTP_NOT_FOUND: { status: 404, message: 'no endpoint {method} {path} on this gateway' },
  BSK_HTTP_SHUTTING_DOWN: { status: 503, message: 'this gateway instance is shutting down and takes no new requests; retry, and the request reaches a running one' },
  BSK_HTTP_MALFORMED_REQUEST: { status: 400, message: 'the request is not valid HTTP/1.1 ({reason}): check its request line, header names and values (no NUL or control characters) and its content-length / transfer-encoding' },
  BSK_HTTP_HEADERS_TOO_LARGE: { status: 431, message: 'the request\'s headers are larger than this gateway accepts' },
  BSK_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'the request did not arrive whole in time; send it again' },
  BSK_HTTP_LISTEN_FAILED: { status: 500, message: 'cannot listen on {address}: {reason}' },
});
