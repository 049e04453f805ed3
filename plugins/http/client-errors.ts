import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../kernel/logger';
import { hostErrors } from './host-errors';
import { newRequestId } from './request-id';
import { hostErrorBody } from './send-host-error';

/** Which typed error a refusal of Node's HTTP parser is. */
function clientErrorOf(error: NodeJS.ErrnoException) {
  if (error.code === 'HPE_HEADER_OVERFLOW') return hostErrors.create('BSK_HTTP_HEADERS_TOO_LARGE', {}, { cause: error });
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return hostErrors.create('BSK_HTTP_REQUEST_TIMEOUT', {}, { cause: error });
  return hostErrors.create('BSK_HTTP_MALFORMED_REQUEST', { reason: error.message }, { cause: error });
}

/**
 * Answers a request Node's HTTP parser refuses before any route or hook sees it (a malformed
 * request line or header, a NUL byte in a header value, a body framed twice, headers past the
 * size limit, a head that never finishes) in the gateway's own error shape with a request id,
 * instead of Fastify's `{"error":"Bad Request","message":"Client Error"}`. The connection
 * cannot be read further, so it is closed, as Node and Fastify do.
 */
export function createClientErrorHandler(logger: Logger): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = clientErrorOf(error);
    const requestId = newRequestId();
    logger.debug({ reqId: requestId, err: error, code: refusal.code }, 'request refused by the HTTP parser');
    if (socket.writable) {
      const body = JSON.stringify(hostErrorBody(refusal));
      socket.write(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nrequest-id: ${requestId}\r\nx-request-id: ${requestId}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}
