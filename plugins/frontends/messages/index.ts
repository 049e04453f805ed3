import { elapsedMs } from '../../../kernel/elapsed-ms';
import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendRouteError, sendWireError } from '../shared/chat-handler';
import { forwardableHeaders, gatewayHeaders, readFlagsHeader } from '../shared/gateway-headers';
import type { JsonObject } from '../shared/wire-reader';
import { endpointNotFound } from '../../http/endpoint-not-found';
import { answerableError } from '../../http/request-stops';
import type { TokenCount } from '../../router/count-tokens';
import { failedRunOf } from '../../router/failed-runs';
import { editForCount } from './context-editing';
import { messagesWire } from './messages-wire';
import { parseMessagesRequest } from './parse-messages-request';

/**
 * Anthropic's count answer (the SDK's `BetaMessageTokensCount`): Anthropic's own for Claude, whose
 * count is of the body as written; for another model, `context_management` when the count is of
 * an edited prompt.
 */
function toCountAnswer(count: TokenCount) {
  if (count.upstreamAnswer) return count.upstreamAnswer;
  if (count.originalInputTokens === undefined) return { input_tokens: count.inputTokens };
  return { input_tokens: count.inputTokens, context_management: { original_input_tokens: count.originalInputTokens } };
}

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  // Every failure on these routes, body-parser ones included, answers in Anthropic's error shape.
  const errorHandler = (error: unknown, _request: unknown, reply: Parameters<typeof sendRouteError>[0]) => sendRouteError(reply, messagesWire, error);
  // So do the Messages endpoints this gateway lacks (batches) and wrong methods on its own.
  http.addNotFoundResponder('/v1/messages', (request, reply) => errorHandler(endpointNotFound(request), request, reply));

  app.post('/v1/messages', { errorHandler }, createChatHandler(messagesWire, gateway, http));

  app.post('/v1/messages/count_tokens', { errorHandler }, async (request, reply) => {
    const receivedAt = performance.now();
    // The upstream count stops when the client leaves or the drain's deadline comes: left to
    // run, it kept the process alive after the drain for up to its 30 s.
    const clientGone = http.watchRequest(reply);
    const signal = AbortSignal.any([clientGone.signal, AbortSignal.timeout(30_000)]);
    try {
      const key = await gateway().authenticate(request.headers);
      // Parsing has checked the body is an object.
      const body = request.body as JsonObject;
      const { request: canonical, edited } = editForCount(parseMessagesRequest(body, { countTokens: true }), body);
      const flags = { header: readFlagsHeader(request.headers), body: body.bytespike };
      const count = await gateway().countTokens(key, canonical, { protocol: messagesWire.protocol, signal, requestId: request.id, forwardHeaders: forwardableHeaders(request.headers), receivedAt, flags, rawBody: body, editedPrompt: edited });
      // A count has no fallback (the flag is refused here): the model asked for is the one counted.
      reply.headers({ ...gatewayHeaders({ estimatedCredits: 0, overheadMs: count.overheadMs, model: count.model, requestedModel: count.model }), 'bytespike-count-source': count.source });
      return toCountAnswer(count);
    } catch (error) {
      const failed = failedRunOf(signal);
      return sendWireError(reply, messagesWire, answerableError(reply, clientGone.signal, error), failed?.overheadMs ?? elapsedMs(receivedAt), failed?.requestedModel);
    }
  });
});
