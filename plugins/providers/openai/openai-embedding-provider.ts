import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider } from '../../../kernel/canonical/modality-providers';
import { countOf } from '../../../kernel/canonical/usage';
import { readEmbeddingVectors } from '../shared/read-embedding-vectors';
import { callOpenAIStyleJson, isOpenAIStyleEnabled, type OpenAIStyleOptions } from './openai-style-upstream';

interface OpenAIEmbeddingBody {
  data?: { index?: number; embedding?: unknown }[];
  usage?: { prompt_tokens?: number };
}

/** `POST /embeddings` in OpenAI's shape: OpenAI itself and any compatible server. Floats are asked for; the gateway encodes base64 itself. */
export function createOpenAIStyleEmbeddingProvider(options: OpenAIStyleOptions & { readonly models: readonly ModelInfo[] }): EmbeddingProvider {
  return {
    name: options.name,
    enabled: isOpenAIStyleEnabled(options),
    models: () => options.models,
    async embed(request, model, call) {
      const body = { model: model.upstreamId, input: request.inputs, encoding_format: 'float', ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) };
      const answer = await callOpenAIStyleJson<OpenAIEmbeddingBody>(options, '/embeddings', call.signal, body);
      return { vectors: readEmbeddingVectors(options.name, answer.data, request.inputs.length), inputTokens: countOf(answer.usage?.prompt_tokens) };
    },
  };
}
