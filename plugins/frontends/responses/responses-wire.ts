import { formatSseEvent } from '../../../kernel/sse';
import type { ChatWire, FinalUsageEvent } from '../shared/chat-wire';
import { rawEventData, rawEventName } from '../shared/raw-sse-splitter';
import { type OpenAIErrorBody, toOpenAIError } from '../shared/openai-error';
import { isJsonObject } from '../shared/wire-reader';
import { customToolNames } from './custom-tools';
import { echoRequestFields } from './echo-request-fields';
import { formatErrorEvent } from './format-responses-event';
import { PassthroughProgress } from './passthrough-progress';
import { parseResponsesRequest } from './parse-responses-request';
import { ResponsesStreamWriter } from './responses-stream-writer';
import { toResponseObject } from './to-response-object';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The events that end a response and carry its whole object, usage included. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete']);
/** The type of an event sent without an `event:` line (the data says it too). */
const DATA_TYPE = /^\s*\{\s*"type"\s*:\s*"([^"]+)"/;

/** Cheap test first: every streamed delta goes through here, and only the last event names either type. */
const MAY_BE_FINAL = /response\.(completed|incomplete)/;

function readFinalEvent(rawEvent: string): FinalUsageEvent | null {
  if (!MAY_BE_FINAL.test(rawEvent)) return null;
  const data = rawEventData(rawEvent);
  const type = rawEventName(rawEvent) ?? (data === null ? undefined : DATA_TYPE.exec(data)?.[1]);
  if (!type || !FINAL_EVENTS.has(type)) return null;
  try {
    const parsed: unknown = JSON.parse(data ?? '');
    return isJsonObject(parsed) ? { raw: rawEvent, data: parsed } : null;
  } catch {
    return null;
  }
}

/**
 * The OpenAI Responses protocol, as the shared chat handler needs it. OpenAI's own API speaks it
 * upstream (passthrough: the final event gets the settled credits, as on the translated path;
 * a stream the upstream leaves unfinished is ended by a PassthroughProgress, numbered on from
 * the upstream's events); every other provider's answer is translated.
 */
export const responsesWire: ChatWire = {
  protocol: 'openai-responses',
  parseRequest: (body) => parseResponsesRequest(body),
  toResponse: (response, context) => toResponseObject(response, { model: context.model, requestId: context.requestId, createdAt: nowSeconds(), customTools: customToolNames(context.rawBody), echo: echoRequestFields(context.rawBody) }),
  createStreamWriter: (context) => new ResponsesStreamWriter({ model: context.model, requestId: context.requestId, createdAt: nowSeconds(), customTools: customToolNames(context.rawBody), echo: echoRequestFields(context.rawBody) }),
  toError: (error) => toOpenAIError(error),
  // Neither translated streams (ResponsesStreamWriter.fail) nor passed-through ones (the follower)
  // use it; it is the error event of a stream that showed nothing.
  formatStreamError: (error) => formatErrorEvent((error.body as OpenAIErrorBody).error, 0),
  readFinalUsageEvent: readFinalEvent,
  followPassthrough: () => new PassthroughProgress(),
  // SSE comments are ignored by every OpenAI client.
  keepAlive: ': keep-alive\n\n',
  answerInFinalEvent: ({ data }) => (isJsonObject(data.response) ? data.response : null),
  annotateFinalUsage({ data }, credits) {
    const response = data.response as Record<string, unknown> | undefined;
    const usage = response?.usage as Record<string, unknown> | null | undefined;
    return formatSseEvent(JSON.stringify({ ...data, response: { ...response, usage: { ...usage, bytespike_credits: credits } } }), String(data.type));
  },
  // The Responses API always reports usage; passthrough never asks for it on the client's behalf.
  withoutUsage: (event) => event.raw,
};
