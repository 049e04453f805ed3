import { definePlugin } from '../../../kernel/plugin';
import { createUnitEndpoint, openAIErrorHandler, unitAnswer } from '../shared/unit-endpoint';
import { estimateRerankTokens } from './estimate-rerank-tokens';
import { parseRerankRequest, searchesFor } from './parse-rerank-request';
import { toRerankResponse } from './to-rerank-response';

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  app.post('/v1/rerank', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async ({ key, request, receivedAt, call, flags }) => {
    const parsed = parseRerankRequest(request.body);
    const searches = searchesFor(parsed.texts.length);
    // Held against tokens-per-minute limits at admission, and the count of an upstream that reports none.
    const estimated = estimateRerankTokens(parsed.query, parsed.texts);
    const run = await gateway().units.run(
      { key, requestId: request.id, modality: 'rerank', model: parsed.model, endpoint: 'rerank', receivedAt, call, flags, bounds: () => ({ inputTokens: estimated, maxOutputTokens: 0, searches }) },
      async (provider, model, attempt) => {
        const result = await provider.rerank({ query: parsed.query, documents: parsed.texts, ...(parsed.topN === undefined ? {} : { topN: parsed.topN }) }, model, attempt);
        return { result, usage: { searches, inputTokens: result.inputTokens || estimated } };
      },
    );
    const body = toRerankResponse({ id: request.id, model: run.model.id, request: parsed, result: run.result, searches });
    return unitAnswer(run, body);
  }));
});
