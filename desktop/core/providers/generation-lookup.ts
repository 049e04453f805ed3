import { makeUsage } from '../../../kernel/canonical/usage';
import { BskError } from '../../../kernel/errors';
import { readAnthropicError } from '../../../plugins/providers/anthropic/read-anthropic-error';
import type { GenerationRecord, ProviderConfig } from './dosia-provider';
import { providerErrors } from './errors';
import { apiUrl, readJsonBody, sendProviderRequest, type FetchFunction } from './provider-request';

interface WireGeneration {
  id?: unknown;
  model?: unknown;
  status?: unknown;
  latency_ms?: unknown;
  first_token_ms?: unknown;
  total_credits?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown; cached_input_tokens?: unknown; cache_write_tokens?: unknown; reasoning_tokens?: unknown };
}

const numberOr = <Fallback>(value: unknown, fallback: Fallback): number | Fallback => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function readGeneration(provider: string, body: unknown): GenerationRecord {
  const data = (body as { data?: WireGeneration } | null)?.data;
  if (!data || typeof data.id !== 'string' || typeof data.total_credits !== 'number') {
    throw providerErrors.create('BSK_PROVIDER_MALFORMED', { provider, reason: 'the generation record has no id or total_credits' });
  }
  const usage = data.usage ?? {};
  return {
    id: data.id,
    model: typeof data.model === 'string' ? data.model : '',
    status: numberOr(data.status, 0),
    // The gateway's usage convention is the canonical one: input includes cached tokens.
    usage: makeUsage({
      inputTokens: numberOr(usage.input_tokens, 0), outputTokens: numberOr(usage.output_tokens, 0), cachedInputTokens: numberOr(usage.cached_input_tokens, 0),
      cacheWriteTokens: numberOr(usage.cache_write_tokens, 0), reasoningTokens: numberOr(usage.reasoning_tokens, 0),
    }),
    credits: data.total_credits,
    latencyMs: numberOr(data.latency_ms, 0),
    firstTokenMs: numberOr(data.first_token_ms, null),
  };
}

/** ByteSpike's settled record of one request: `GET /v1/generation?id=<request-id>`. */
export async function lookupGeneration(config: ProviderConfig, fetch: FetchFunction, requestId: string, signal?: AbortSignal): Promise<GenerationRecord> {
  const response = await sendProviderRequest({
    provider: config.name, url: apiUrl(config.url, `v1/generation?id=${encodeURIComponent(requestId)}`), method: 'GET',
    headers: config.key ? { 'x-api-key': config.key } : {}, signal, fetch, readErrorBody: readAnthropicError,
  });
  return readGeneration(config.name, await readJsonBody(config.name, response));
}

/** How long a turn that ended without its settled figure waits for the gateway to settle it. */
const SETTLE_WAIT_MS = 2_000;
const SETTLE_POLL_MS = 100;

/**
 * The settled record of a request whose stream ended before its final usage event (the user
 * cancelled, or the stream failed): the gateway settles what it delivered once it notices,
 * so the record may take a moment to appear (404 until then). Null when it does not appear in
 * time or cannot be read: the caller keeps its estimate.
 */
export async function awaitSettledGeneration(config: ProviderConfig, fetch: FetchFunction, requestId: string): Promise<GenerationRecord | null> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    try {
      return await lookupGeneration(config, fetch, requestId, AbortSignal.timeout(Math.max(1, deadline - Date.now())));
    } catch (error) {
      const notYet = error instanceof BskError && error.code === 'BSK_PROVIDER_FAILED' && error.details.httpStatus === 404;
      if (!notYet || Date.now() + SETTLE_POLL_MS >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
}
