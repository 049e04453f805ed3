import type { FinishReason, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { makeUsage, type Usage } from '../../../kernel/canonical/usage';
import { readOpenAIError } from '../openai-chat/read-openai-error';

export interface ResponsesUsage {
  readonly input_tokens?: number;
  readonly input_tokens_details?: { readonly cached_tokens?: number } | null;
  readonly output_tokens?: number;
  readonly output_tokens_details?: { readonly reasoning_tokens?: number } | null;
}

/** The parts of a Responses API response object the gateway reads (billing, finish, errors). */
export interface ResponseObject {
  readonly id?: string;
  readonly object?: string;
  readonly status?: string;
  /** The model that answered, as OpenAI names it (a dated snapshot of the one asked for). */
  readonly model?: unknown;
  readonly usage?: ResponsesUsage | null;
  readonly incomplete_details?: { readonly reason?: string } | null;
  readonly error?: { readonly code?: string; readonly message?: string } | null;
  readonly output?: readonly { readonly type?: string }[];
}

/** `input_tokens` includes the cached ones and `output_tokens` the reasoning ones: the canonical convention already. */
export function mapResponsesUsage(usage: ResponsesUsage): Usage {
  return makeUsage({
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens,
  });
}

const CALL_ITEMS = new Set(['function_call', 'custom_tool_call']);

/** Why a response that ended (completed or incomplete) stopped; null while it runs or when it failed. */
export function responseFinishReason(response: ResponseObject): FinishReason | null {
  if (response.status === 'completed') return response.output?.some((item) => CALL_ITEMS.has(item.type ?? '')) ? 'tool-calls' : 'stop';
  if (response.status !== 'incomplete') return null;
  const reason = response.incomplete_details?.reason;
  return reason === 'max_output_tokens' ? 'length' : reason === 'content_filter' ? 'content-filter' : 'other';
}

type ErrorFields = { readonly code?: string; readonly message?: string } | null | undefined;

/** A failed response's `error`, or an error body's, as an upstream failure (its code classifies it). */
export function responsesErrorInfo(error: ErrorFields, fallback = 'the upstream reported the response failed'): UpstreamErrorInfo {
  const read = readOpenAIError(0, { error: error ?? {} });
  return { kind: read.kind ?? 'upstream', message: read.message ?? fallback };
}

/** A stream's `error` event: the API reference puts code and message on the event; streams have been seen to nest them in `error`. */
export function errorEventInfo(event: { readonly code?: string; readonly message?: string; readonly error?: ErrorFields }): UpstreamErrorInfo {
  return responsesErrorInfo(event.error ?? event, 'the upstream reported an error inside the stream');
}
