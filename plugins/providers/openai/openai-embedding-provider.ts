import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider, EmbeddingResult } from '../../../kernel/canonical/modality-providers';
import { countOf } from '../../../kernel/canonical/usage';
import { readOpenAIError } from '../openai-chat/read-openai-error';
import { expectShape, readUpstreamJson } from '../openai-compatible/read-upstream-json';
import { fetchUpstream, joinUrl, type FetchFunction } from '../shared/upstream-fetch';

export interface OpenAIStyleOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  /** Hosted APIs need a key; a local server (vLLM, Ollama) runs without one. */
  readonly requiresApiKey: boolean;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly fetch: FetchFunction;
}

interface OpenAIEmbeddingBody {
  data?: { index?: number; embedding?: unknown }[];
  usage?: { prompt_tokens?: number };
}

/** Bearer auth plus any configured headers. */
export function openAIStyleHeaders(options: OpenAIStyleOptions): Record<string, string> {
  return { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };
}

export function readEmbeddingVectors(provider: string, body: OpenAIEmbeddingBody, count: number): EmbeddingResult {
  const data = [...(body.data ?? [])].sort((left, right) => (left.index ?? 0) - (right.index ?? 0));
  expectShape(provider, data.length === count && data.every((item) => Array.isArray(item.embedding)), `${count} float embeddings`);
  return { vectors: data.map((item) => item.embedding as number[]), inputTokens: countOf(body.usage?.prompt_tokens) };
}

/** `POST /embeddings` in OpenAI's shape: OpenAI itself and any compatible server. Floats are asked for; the gateway encodes base64 itself. */
export function createOpenAIStyleEmbeddingProvider(options: OpenAIStyleOptions & { readonly models: readonly ModelInfo[] }): EmbeddingProvider {
  return {
    name: options.name,
    enabled: !options.requiresApiKey || Boolean(options.apiKey),
    models: () => options.models,
    async embed(request, model, call) {
      const body = { model: model.upstreamId, input: request.inputs, encoding_format: 'float', ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) };
      const response = await fetchUpstream({ provider: options.name, url: joinUrl(options.baseUrl, '/embeddings'), headers: openAIStyleHeaders(options), body, signal: call.signal, fetch: options.fetch }, readOpenAIError);
      return readEmbeddingVectors(options.name, await readUpstreamJson<OpenAIEmbeddingBody>(options.name, response), request.inputs.length);
    },
  };
}
