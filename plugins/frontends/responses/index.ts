import type { FastifyReply } from 'fastify';
import { definePlugin } from '../../../kernel/plugin';
import { createChatHandler, sendRouteError } from '../shared/chat-handler';
import type { ChatWire } from '../shared/chat-wire';
import { responsesWire } from './responses-wire';
import { registerStoredResponseRoutes } from './stored-response-routes';
import { createStoredResponses } from './stored-responses';

interface ResponsesConfig {
  readonly storedResponseTtlSeconds: number;
}

/** Expired responses are never read; the sweep only frees their space. */
const EXPIRED_RESPONSE_SWEEP_MS = 3_600_000;

export const activate = definePlugin<ResponsesConfig>((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  const responses = createStoredResponses({ store: ctx.use('store'), ttlSeconds: ctx.config.storedResponseTtlSeconds, logger: ctx.logger });
  const wire: ChatWire = { ...responsesWire, restoreState: responses.restore };
  // Every failure on this route, body-parser ones included, answers in OpenAI's error shape.
  const errorHandler = (error: unknown, _request: unknown, reply: FastifyReply) => sendRouteError(reply, wire, error);
  app.post('/v1/responses', { errorHandler }, createChatHandler(wire, gateway, http));
  registerStoredResponseRoutes(http, gateway, responses);
  const sweep = setInterval(() => void responses.deleteExpired().catch((error: unknown) => ctx.logger.error({ err: error }, 'expired response sweep failed')), EXPIRED_RESPONSE_SWEEP_MS);
  sweep.unref();
  return () => clearInterval(sweep);
});
