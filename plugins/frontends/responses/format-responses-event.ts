import type { OpenAIErrorBody } from '../shared/openai-error';

/** One typed Responses event, named on its `event:` line and in its `type`, as OpenAI sends them. */
export function formatResponsesEvent(type: string, sequenceNumber: number, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequenceNumber, ...fields })}\n\n`;
}

/** OpenAI's `error` event: code, message, param, at the top level. */
export function formatErrorEvent(error: OpenAIErrorBody['error'], sequenceNumber: number): string {
  return formatResponsesEvent('error', sequenceNumber, { code: error.code ?? error.type, message: error.message, param: error.param });
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
