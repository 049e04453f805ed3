import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendWireError } from '../shared/chat-handler';
import { forwardableHeaders, gatewayHeaders, readFlagsHeader } from '../shared/gateway-headers';
import { endpointNotFound } from '../../http/endpoint-not-found';
import { answerableError } from '../../http/request-stops';
import { failedRunOf } from '../../router/failed-runs';
import { messagesWire } from './messages-wire';
import { parseMessagesRequest } from './parse-messages-request';

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  // Every failure on these routes, body-parser ones included, answers in Anthropic's error shape.
  const errorHandler = (error: unknown, _request: unknown, reply: Parameters<typeof sendWireError>[0]) => sendWireError(reply, messagesWire, error, 0);
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
      const canonical = parseMessagesRequest(request.body, { countTokens: true });
      const flags = { header: readFlagsHeader(request.headers), body: (request.body as Record<string, unknown>).bytespike };
      const count = await gateway().countTokens(key, canonical, { protocol: messagesWire.protocol, signal, requestId: request.id, forwardHeaders: forwardableHeaders(request.headers), receivedAt, flags });
      // A count has no fallback (the flag is refused here): the model asked for is the one counted.
      reply.headers({ ...gatewayHeaders({ estimatedCredits: 0, overheadMs: performance.now() - receivedAt, model: count.model, requestedModel: count.model }), 'bytespike-count-source': count.source });
      return { input_tokens: count.inputTokens };
    } catch (error) {
      return sendWireError(reply, messagesWire, answerableError(reply, clientGone.signal, error), performance.now() - receivedAt, failedRunOf(signal)?.requestedModel);
    }
  });
});
