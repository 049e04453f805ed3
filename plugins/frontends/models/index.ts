import type { FastifyReply, FastifyRequest } from 'fastify';
import { definePlugin } from '../../../kernel/plugin';
import { gatewayErrors } from '../../router/gateway-errors';
import { type ResolvedModel, refuseRetiredModel } from '../../router/model-catalog';
import { chatCompletionsWire } from '../chat-completions/chat-completions-wire';
import { messagesWire } from '../messages/messages-wire';
import { sendRouteError } from '../shared/chat-handler';
import { gatewayHeaders } from '../shared/gateway-headers';
import { endpointNotFound } from '../../http/endpoint-not-found';
import { toAnthropicList, toAnthropicModel, toOpenAIList, toOpenAIModel } from './model-listing';
import { pageOf, readPageQuery } from './model-page';

/** Anthropic clients always send `anthropic-version`; everyone else gets OpenAI's shapes. */
function speaksAnthropic(request: FastifyRequest): boolean {
  return request.headers['anthropic-version'] !== undefined;
}

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  const errorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => sendRouteError(reply, speaksAnthropic(request) ? messagesWire : chatCompletionsWire, error);
  // An endpoint under /v1 this gateway lacks answers 404 in the caller's protocol, told as for /v1/models.
  http.addNotFoundResponder('/v1/', (request, reply) => errorHandler(endpointNotFound(request), request, reply));

  /**
   * Models the key may use (its scopes cover the modality and its allowlist the id). Anthropic's
   * shape holds the models Messages can serve: chat models, not embeddings or images, whether
   * listed or retrieved one by one.
   */
  async function visibleModels(request: FastifyRequest) {
    const key = await gateway().authenticate(request.headers);
    const anthropic = speaksAnthropic(request);
    return gateway().catalog.list().filter((model) => gateway().mayUse(key, model) && (!anthropic || model.modality === 'chat'));
  }

  /**
   * A retired model is no longer listed, but its entry stays in the catalog: retrieving it says
   * when it was retired and what to use instead, as a call to it does, rather than a bare 404.
   */
  function refuseIfRetired(id: string): void {
    let resolved: ResolvedModel;
    try {
      resolved = gateway().catalog.resolve(id);
    } catch {
      return;
    }
    refuseRetiredModel(resolved.model, Date.now());
  }

  // Anthropic's shape pages by `limit` / `after_id` / `before_id`; OpenAI's list has no pages.
  app.get('/v1/models', { errorHandler }, async (request, reply) => {
    const models = await visibleModels(request);
    const query = speaksAnthropic(request) ? readPageQuery(request.query) : undefined;
    reply.headers(gatewayHeaders({ estimatedCredits: 0, overheadMs: reply.elapsedTime }));
    if (!query) return toOpenAIList(models);
    const { page, hasMore } = pageOf(models, query);
    return toAnthropicList(page, hasMore);
  });

  // Gateway ids contain a slash (`anthropic/claude-sonnet-4-6`), hence the wildcard.
  app.get('/v1/models/*', { errorHandler }, async (request, reply) => {
    const id = decodeURIComponent((request.params as { '*': string })['*']);
    const model = (await visibleModels(request)).find((candidate) => candidate.id === id || candidate.aliases.includes(id));
    if (!model) {
      refuseIfRetired(id);
      throw gatewayErrors.create('BSK_GATEWAY_MODEL_NOT_FOUND', { model: id });
    }
    reply.headers(gatewayHeaders({ estimatedCredits: 0, overheadMs: reply.elapsedTime }));
    return speaksAnthropic(request) ? toAnthropicModel(model) : toOpenAIModel(model);
  });
});
