import type { OpenAIErrorBody } from '../shared/openai-error';

/** One typed Responses event, named on its `event:` line and in its `type`, as OpenAI sends them. */
export function formatResponsesEvent(type: string, sequenceNumber: number, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequenceNumber, ...fields })}\n\n`;
}

/**
 * OpenAI's `error` event. Its API reference puts code, message and param at the top level; what
 * OpenAI sends nests them, with the type, in `error`, as its error bodies do, and that is what
 * the openai SDK reads: a stream event with an `error` object is thrown as an `APIError`
 * (`code`, `type`, `param`), while one without is handed on as a plain object that
 * `responses.stream()` rejects with. Both forms, so either kind of client reads it.
 */
export function formatErrorEvent(error: OpenAIErrorBody['error'], sequenceNumber: number): string {
  return formatResponsesEvent('error', sequenceNumber, { code: error.code ?? error.type, message: error.message, param: error.param, error });
}

/**
 * How a Responses stream that fails ends, translated or passed through: the `error` event, then
 * `response.failed` carrying the response as it stood with the same error; numbered from
 * `sequenceNumber`.
 */
export function formatFailureEvents(error: OpenAIErrorBody['error'], sequenceNumber: number, response: Record<string, unknown>): string {
  const failed = { ...response, status: 'failed', error: { code: error.code ?? error.type, message: error.message } };
  return formatErrorEvent(error, sequenceNumber) + formatResponsesEvent('response.failed', sequenceNumber + 1, { response: failed });
}
