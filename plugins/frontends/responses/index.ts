import type { FastifyReply } from 'fastify';
import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendWireError } from '../shared/chat-handler';
import { createResponsesWire } from './responses-wire';

export const activate = definePlugin((ctx) => {
  const { app } = ctx.use('http');
  const gateway = () => ctx.use('gateway');
  // Every failure on this route, body-parser ones included, answers in OpenAI's error shape.
  const errorWire = createResponsesWire();
  const errorHandler = (error: unknown, _request: unknown, reply: FastifyReply) => sendWireError(reply, errorWire, error, 0);
  // A wire per request: it follows a passed-through stream, to end it as OpenAI would if the upstream drops it.
  app.post('/v1/responses', { errorHandler }, (request, reply) => createChatHandler(createResponsesWire(), gateway)(request, reply));
});
