import type { ModelInfo } from '../../../kernel/canonical/model';
import type { RerankProvider } from '../../../kernel/canonical/modality-providers';
import { readOpenAIError } from '../openai-chat/read-openai-error';
import { openAIStyleHeaders, type OpenAIStyleOptions } from '../openai/openai-embedding-provider';
import { fetchUpstream, joinUrl } from '../shared/upstream-fetch';
import { readUpstreamJson } from './read-upstream-json';
import { readRerankResults } from './rerank-results';

/** `POST {baseUrl}/rerank` in Jina's shape (also Together's, vLLM's and Infinity's); documents are not asked back. */
export function createJinaRerankProvider(options: OpenAIStyleOptions & { readonly models: readonly ModelInfo[] }): RerankProvider {
  return {
    name: options.name,
    enabled: !options.requiresApiKey || Boolean(options.apiKey),
    models: () => options.models,
    async rerank(request, model, call) {
      const body = { model: model.upstreamId, query: request.query, documents: request.documents, return_documents: false, ...(request.topN === undefined ? {} : { top_n: request.topN }) };
      const response = await fetchUpstream({ provider: options.name, url: joinUrl(options.baseUrl, '/rerank'), headers: openAIStyleHeaders(options), body, signal: call.signal, fetch: options.fetch }, readOpenAIError);
      return readRerankResults(options.name, (await readUpstreamJson<{ results?: unknown }>(options.name, response)).results, request.documents.length);
    },
  };
}
