import { defineErrors } from '../../kernel/errors';

export const hostErrors = defineErrors({
  BSK_HTTP_NOT_FOUND: { status: 404, message: 'no endpoint {method} {path} on this gateway' },
});

/** The typed 404 for a request no route matched (its query string left out). */
export function endpointNotFound(request: { readonly method: string; readonly url: string }) {
  return hostErrors.create('BSK_HTTP_NOT_FOUND', { method: request.method, path: request.url.split('?')[0] });
}
