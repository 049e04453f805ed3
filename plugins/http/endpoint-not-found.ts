import { hostErrors } from './host-errors';

/** The typed 404 for a request no route matched (its query string left out). */
export function endpointNotFound(request: { readonly method: string; readonly url: string }) {
  return hostErrors.create('BSK_HTTP_NOT_FOUND', { method: request.method, path: request.url.split('?')[0] });
}
