import { toolErrors } from './errors';

/** One entry of the caller's `GET /v1/models` (already filtered by the key's scopes and allowlist). */
export interface ListedModel {
  readonly id: string;
  /** `chat`, `images`, `videos`, `embeddings`, `rerank`. */
  readonly modality: string;
}

/** A gateway answer with what it cost: the `estimated_credits` header (settled on non-streamed calls). */
export interface GatewayReply<Body> {
  readonly body: Body;
  readonly credits: number;
  readonly requestId: string | null;
}

export interface FetchedBytes {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
}

/**
 * The caller's ByteSpike, over its public HTTP API and with the caller's own key, so scopes,
 * model allowlists, rate limits and billing apply exactly as for any other HTTP client.
 */
export interface ByteSpikeApi {
  readonly baseUrl: string;
  listModels(signal?: AbortSignal): Promise<ListedModel[]>;
  getJson<Body>(path: string, signal?: AbortSignal): Promise<GatewayReply<Body>>;
  postJson<Body>(path: string, body: unknown, signal?: AbortSignal): Promise<GatewayReply<Body>>;
  postForm<Body>(path: string, form: FormData, signal?: AbortSignal): Promise<GatewayReply<Body>>;
  /** Bytes at a gateway path or URL; the key is only ever sent to the gateway's own origin. */
  getBytes(pathOrUrl: string, maxBytes: number, signal?: AbortSignal): Promise<FetchedBytes>;
}

export interface ByteSpikeApiOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: typeof globalThis.fetch;
  /** Largest JSON answer read (default 32 MiB: a few base64 images). */
  readonly maxJsonBytes?: number;
}

const DEFAULT_MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Reads a body up to `maxBytes`, cancelling it beyond (a runaway answer must not fill memory). */
export async function readLimited(response: Response, maxBytes: number, endpoint: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw toolErrors.create('BSK_TOOLS_RESPONSE_TOO_LARGE', { endpoint, maxBytes });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw toolErrors.create('BSK_TOOLS_RESPONSE_TOO_LARGE', { endpoint, maxBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The message of an OpenAI- or Anthropic-shaped error body, else the start of the text. */
function errorReason(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : parsed.error ?? parsed.message;
    if (typeof message === 'string' && message) return message;
  } catch {
    // Not JSON: quote the text itself.
  }
  return text.slice(0, 300) || 'no details';
}

function parseJson(bytes: Uint8Array, endpoint: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw toolErrors.create('BSK_TOOLS_MALFORMED_RESPONSE', { endpoint, reason: (error as Error).message });
  }
}

function readModels(body: unknown): ListedModel[] {
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw toolErrors.create('BSK_TOOLS_MALFORMED_RESPONSE', { endpoint: 'GET /v1/models', reason: 'no data array' });
  return data.flatMap((entry: { id?: unknown; bytespike?: { modality?: unknown } }) =>
    typeof entry.id === 'string' ? [{ id: entry.id, modality: typeof entry.bytespike?.modality === 'string' ? entry.bytespike.modality : 'chat' }] : []);
}

export function createByteSpikeApi(options: ByteSpikeApiOptions): ByteSpikeApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;

  async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> }, signal?: AbortSignal): Promise<Response> {
    // A path is below the base URL (which may have a path of its own); a full URL is taken as is.
    const url = /^[a-z][a-z0-9+.-]*:/i.test(path) ? new URL(path) : new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
    const sameOrigin = url.origin === origin;
    try {
      return await options.fetch(url.href, {
        method, ...(init.body === undefined ? {} : { body: init.body }), ...(signal ? { signal } : {}),
        headers: { ...init.headers, ...(sameOrigin ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw toolErrors.create('BSK_TOOLS_GATEWAY_UNREACHABLE', { baseUrl, reason: (error as Error).message }, { cause: error });
    }
  }

  async function expectOk(response: Response, endpoint: string): Promise<void> {
    if (response.ok) return;
    const reason = errorReason(Buffer.from(await readLimited(response, 64 * 1024, endpoint).catch(() => new Uint8Array())).toString('utf8'));
    if (response.status === 401) throw toolErrors.create('BSK_TOOLS_KEY_REFUSED', { status: response.status, reason });
    throw toolErrors.create('BSK_TOOLS_GATEWAY_REFUSED', { status: response.status, endpoint, reason });
  }

  async function exchange<Body>(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> }, signal?: AbortSignal): Promise<GatewayReply<Body>> {
    const endpoint = `${method} ${path}`;
    const response = await send(method, path, init, signal);
    await expectOk(response, endpoint);
    const body = parseJson(await readLimited(response, maxJsonBytes, endpoint), endpoint) as Body;
    const credits = Number(response.headers.get('estimated_credits') ?? 0);
    return { body, credits: Number.isSafeInteger(credits) ? credits : 0, requestId: response.headers.get('request-id') };
  }

  return {
    baseUrl,
    async listModels(signal) {
      return readModels((await exchange<unknown>('GET', '/v1/models', {}, signal)).body);
    },
    getJson: (path, signal) => exchange('GET', path, {}, signal),
    postJson: (path, body, signal) => exchange('POST', path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, signal),
    postForm: (path, form, signal) => exchange('POST', path, { body: form }, signal),
    async getBytes(pathOrUrl, maxBytes, signal) {
      const response = await send('GET', pathOrUrl, {}, signal);
      await expectOk(response, `GET ${pathOrUrl}`);
      const bytes = await readLimited(response, maxBytes, `GET ${pathOrUrl}`);
      return { bytes, mimeType: (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim() };
    },
  };
}
