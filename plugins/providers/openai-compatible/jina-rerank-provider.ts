import type { ModelInfo } from '../../../kernel/canonical/model';
import type { RerankProvider } from '../../../kernel/canonical/modality-providers';
import { countOf } from '../../../kernel/canonical/usage';
import { callOpenAIStyleJson, isOpenAIStyleEnabled, type OpenAIStyleOptions } from '../openai/openai-style-upstream';
import { readRerankResults } from '../shared/read-rerank-results';

/**
 * `POST {baseUrl}/rerank` in Jina's shape (also Together's, vLLM's and Infinity's); documents are
 * not asked back. The tokens are `usage.total_tokens` where the server reports them (Together:
 * https://docs.together.ai/reference/rerank-1).
 */
export function createJinaRerankProvider(options: OpenAIStyleOptions & { readonly models: readonly ModelInfo[] }): RerankProvider {
  return {
    name: options.name,
    enabled: isOpenAIStyleEnabled(options),
    models: () => options.models,
    async rerank(request, model, call) {
      const body = { model: model.upstreamId, query: request.query, documents: request.documents, return_documents: false, ...(request.topN === undefined ? {} : { top_n: request.topN }) };
      const answer = await callOpenAIStyleJson<{ results?: unknown; usage?: { total_tokens?: number } }>(options, '/rerank', call.signal, body);
      return { ...readRerankResults(options.name, answer.results, request.documents.length), inputTokens: countOf(answer.usage?.total_tokens) };
    },
  };
}
