import type { ChatWire } from '../shared/chat-wire';
import { rawEventData } from '../shared/raw-sse-splitter';
import { createChatCompletionsStreamWriter } from './chat-completions-stream-writer';
import { parseChatCompletionsRequest } from './parse-chat-completions-request';
import { toChatCompletion } from './to-chat-completion';
import { toChatUsage } from './to-chat-usage';
import { toOpenAIError } from '../shared/openai-error';
import { isJsonObject } from '../shared/wire-reader';

interface UsageChunk {
  readonly choices?: readonly unknown[];
  readonly usage?: Record<string, unknown> | null;
  readonly [field: string]: unknown;
}

function readChunk(rawEvent: string): UsageChunk | null {
  const data = rawEventData(rawEvent);
  if (!data || data === '[DONE]') return null;
  try {
    return JSON.parse(data) as UsageChunk;
  } catch {
    return null;
  }
}

/** The fields of a chunk that every chunk of the stream shares. */
const ENVELOPE_FIELDS = ['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier'] as const;

function envelopeOf(chunk: UsageChunk | null): Record<string, unknown> {
  const envelope: Record<string, unknown> = { object: 'chat.completion.chunk' };
  for (const field of ENVELOPE_FIELDS) if (chunk?.[field] !== undefined) envelope[field] = chunk[field];
  return envelope;
}

/** A `usage` key whose value is not `null`: a cheap filter before the JSON parse. */
const MAY_CARRY_USAGE = /"usage"\s*:\s*(?!null\b)/;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The OpenAI Chat Completions protocol, as the shared chat handler needs it. */
export const chatCompletionsWire: ChatWire = {
  protocol: 'openai-chat',
  parseRequest: (body) => parseChatCompletionsRequest(body),
  toResponse: (response, context) => toChatCompletion(response, { model: context.model, created: nowSeconds() }),
  createStreamWriter: (context) => {
    const streamOptions = context.rawBody.stream_options as { include_usage?: unknown } | undefined;
    return createChatCompletionsStreamWriter({ model: context.model, id: context.requestId, created: nowSeconds(), includeUsage: streamOptions?.include_usage === true });
  },
  toError: (error) => toOpenAIError(error),
  formatStreamError: (error) => `data: ${JSON.stringify(error.body)}\n\n`,
  // SSE comments are ignored by every OpenAI client.
  keepAlive: ': keep-alive\n\n',
  // OpenAI sends usage in an extra chunk with no choices; DeepSeek and Kimi put it on the
  // last content chunk, next to finish_reason. Either way it is the chunk with `usage`. Only
  // an event with a `usage` key that is not null is parsed (the others, `"usage":null` on every
  // chunk when usage is requested, cannot be it): the usage tap already parses every event once.
  readFinalUsageEvent(rawEvent) {
    const chunk = MAY_CARRY_USAGE.test(rawEvent) ? readChunk(rawEvent) : null;
    return chunk?.usage ? { raw: rawEvent, data: chunk } : null;
  },
  withoutUsage({ data }) {
    const chunk = data as UsageChunk;
    return (chunk.choices?.length ?? 0) === 0 ? '' : `data: ${JSON.stringify({ ...chunk, usage: null })}\n\n`;
  },
  // `data: [DONE]` ends an OpenAI stream; tested on each event until a usage event comes, so a prefix test.
  isStreamEnd: (rawEvent) => rawEvent.startsWith('data: [DONE]') || rawEvent.startsWith('data:[DONE]'),
  // As OpenAI sends it: a last chunk with no choices, before `[DONE]`.
  formatBilledUsage(lastEvent, usage, credits) {
    const chunk = { ...envelopeOf(lastEvent === null ? null : readChunk(lastEvent)), choices: [], usage: { ...toChatUsage(usage), bytespike_credits: credits } };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  },
  // Re-encoded only here, for a server that counts nothing: a body with usage goes byte for byte.
  withBilledUsage(body, usage) {
    let answer: unknown;
    try {
      answer = JSON.parse(body.toString('utf8'));
    } catch {
      return body;
    }
    return isJsonObject(answer) ? Buffer.from(JSON.stringify({ ...answer, usage: toChatUsage(usage) })) : body;
  },
  annotateFinalUsage({ data }, credits) {
    const chunk = data as UsageChunk;
    return `data: ${JSON.stringify({ ...chunk, usage: { ...chunk.usage, bytespike_credits: credits } })}\n\n`;
  },
};
