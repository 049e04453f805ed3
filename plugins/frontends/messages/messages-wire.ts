import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import { formatSseEvent } from '../../../kernel/sse';
import type { ChatWire } from '../shared/chat-wire';
import { rawEventData, rawEventName } from '../shared/raw-sse-splitter';
import type { JsonObject } from '../shared/wire-reader';
import { applyContextManagement, contextManagementOf } from './context-editing';
import { createMessagesStreamWriter } from './messages-stream-writer';
import { parseMessagesRequest } from './parse-messages-request';
import { nameRequestInErrorBody, nameRequestInErrorEvent } from './relayed-request-id';
import { toMessagesError } from './to-messages-error';
import { toMessagesResponse } from './to-messages-response';

/** The Anthropic Messages protocol, as the shared chat handler needs it. */
export const messagesWire: ChatWire = {
  protocol: 'anthropic-messages',
  // Parsing has checked the body is an object.
  parseRequest: (body) => applyContextManagement(parseMessagesRequest(body), body as JsonObject),
  toResponse: (response, context) => toMessagesResponse(response, { model: context.model, contextManagement: contextManagementOf(context.rawBody) }),
  // The estimate count_tokens answers for a provider without a count endpoint, and the reservation's.
  createStreamWriter: (context) => createMessagesStreamWriter({
    model: context.model, messageId: context.requestId, requestId: context.requestId, estimatedInputTokens: estimateRequestTokens(context.request),
    contextManagement: contextManagementOf(context.rawBody),
  }),
  toError: (error, requestId) => toMessagesError(error, requestId),
  formatStreamError: (error) => formatSseEvent(JSON.stringify(error.body), 'error'),
  keepAlive: formatSseEvent(JSON.stringify({ type: 'ping' }), 'ping'),
  // A message_delta whose data is not JSON is not annotated: it goes on as it came, like any other event.
  readFinalUsageEvent(rawEvent) {
    if (rawEventName(rawEvent) !== 'message_delta') return null;
    try {
      const data: unknown = JSON.parse(rawEventData(rawEvent) ?? '');
      return data !== null && typeof data === 'object' && !Array.isArray(data) ? { raw: rawEvent, data: data as Record<string, unknown> } : null;
    } catch {
      return null;
    }
  },
  // Anthropic always reports usage; passthrough never asks for it on the client's behalf.
  withoutUsage: (event) => event.raw,
  relayErrorBody: nameRequestInErrorBody,
  relayEvent: nameRequestInErrorEvent,
  annotateFinalUsage({ data }, credits) {
    const usage = data.usage as Record<string, unknown> | undefined;
    return formatSseEvent(JSON.stringify({ ...data, usage: { ...usage, bytespike_credits: credits } }), 'message_delta');
  },
};
