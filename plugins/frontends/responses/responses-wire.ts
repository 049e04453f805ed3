import type { ChatWire } from '../shared/chat-wire';
import { type OpenAIErrorBody, toOpenAIError } from '../shared/openai-error';
import { customToolNames } from './custom-tools';
import { parseResponsesRequest } from './parse-responses-request';
import { ResponsesStreamWriter } from './responses-stream-writer';
import { toResponseObject } from './to-response-object';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The OpenAI Responses protocol, as the shared chat handler needs it. No provider speaks it
 * upstream, so every request is translated: the passthrough hooks below are never called
 * with events of this protocol and pass what they get through unchanged.
 */
export const responsesWire: ChatWire = {
  protocol: 'openai-responses',
  parseRequest: (body) => parseResponsesRequest(body),
  toResponse: (response, context) => toResponseObject(response, { model: context.model, requestId: context.requestId, createdAt: nowSeconds(), customTools: customToolNames(context.rawBody) }),
  createStreamWriter: (context) => new ResponsesStreamWriter({ model: context.model, requestId: context.requestId, createdAt: nowSeconds(), customTools: customToolNames(context.rawBody) }),
  toError: (error) => toOpenAIError(error),
  formatStreamError: (error) => {
    const { error: details } = error.body as OpenAIErrorBody;
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code: details.code ?? details.type, message: details.message, param: details.param })}\n\n`;
  },
  // SSE comments are ignored by every OpenAI client.
  keepAlive: ': keep-alive\n\n',
  readFinalUsageEvent: () => null,
  annotateFinalUsage: (event) => event.raw,
  withoutUsage: (event) => event.raw,
};
