import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { definePlugin } from '../../../kernel/plugin';
import { checkDimensions, parseEmbeddingsRequest } from './parse-embeddings-request';
import { toEmbeddingsResponse } from './to-embeddings-response';
import { createUnitEndpoint, openAIErrorHandler, unitAnswer } from '../shared/unit-endpoint';

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  app.post('/v1/embeddings', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async ({ key, request, receivedAt, call, flags }) => {
    const parsed = parseEmbeddingsRequest(request.body);
    // Token arrays are their own count; text is estimated for the hold (and for upstreams that report no usage).
    const estimated = parsed.inputs.reduce((sum, input) => sum + (typeof input === 'string' ? estimateTextTokens(input) : input.length), 0);
    const run = await gateway().units.run(
      { key, requestId: request.id, modality: 'embeddings', model: parsed.model, endpoint: 'embeddings', receivedAt, call, flags, check: (_provider, model) => checkDimensions(parsed, model), bounds: () => ({ inputTokens: estimated, maxOutputTokens: 0 }) },
      async (provider, model, attempt) => {
        const result = await provider.embed({ inputs: parsed.inputs, ...(parsed.dimensions === undefined ? {} : { dimensions: parsed.dimensions }) }, model, attempt);
        return { result, usage: { inputTokens: result.inputTokens || estimated } };
      },
    );
    const body = toEmbeddingsResponse({ model: run.model.id, vectors: run.result.vectors, encodingFormat: parsed.encodingFormat, inputTokens: run.result.inputTokens || estimated });
    return unitAnswer(run, body);
  }));
});
