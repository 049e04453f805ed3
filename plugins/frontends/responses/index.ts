import type { FastifyReply } from 'fastify';
import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendWireError } from '../shared/chat-handler';
import { responsesWire } from './responses-wire';

export const activate = definePlugin((ctx) => {
  const { app } = ctx.use('http');
  // Every failure on this route, body-parser ones included, answers in OpenAI's error shape.
  const errorHandler = (error: unknown, _request: unknown, reply: FastifyReply) => sendWireError(reply, responsesWire, error, 0);
  app.post('/v1/responses', { errorHandler }, createChatHandler(responsesWire, () => ctx.use('gateway')));
});
