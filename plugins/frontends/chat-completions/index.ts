import type { FastifyReply } from 'fastify';
import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendRouteError } from '../shared/chat-handler';
import { chatCompletionsWire } from './chat-completions-wire';

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  // Every failure on this route, body-parser ones included, answers in OpenAI's error shape.
  const errorHandler = (error: unknown, _request: unknown, reply: FastifyReply) => sendRouteError(reply, chatCompletionsWire, error);
  app.post('/v1/chat/completions', { errorHandler }, createChatHandler(chatCompletionsWire, () => ctx.use('gateway'), http));
});
