import type { FastifyInstance, HTTPMethods } from 'fastify';

function toHeaders(raw: Record<string, string | string[] | number | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  return headers;
}

/**
 * A `fetch` that answers from this gateway's own routes (Fastify's inject), so a tool call
 * runs the very code an HTTP client's request would — auth, scopes, limits, billing — without
 * a network hop or knowing which address the server listens on. The URL's host is kept as
 * the Host header, so URLs the gateway builds (image links) point where the caller reached it.
 */
export function createInjectFetch(app: FastifyInstance): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    const url = new URL(request.url);
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const response = await app.inject({
      method: request.method as HTTPMethods,
      url: `${url.pathname}${url.search}`,
      headers: { ...Object.fromEntries(request.headers), host: url.host },
      ...(payload ? { payload } : {}),
    });
    const bodyless = response.statusCode === 204 || response.statusCode === 304;
    return new Response(bodyless ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: toHeaders(response.headers) });
  };
}
