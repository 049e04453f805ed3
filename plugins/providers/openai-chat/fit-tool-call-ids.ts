import { createHash } from 'node:crypto';

/**
 * OpenAI refuses a tool call id longer than 40 characters ("string too long", HTTP 400) in the
 * conversation it is sent, and ids made by other providers can be longer (a Gemini call's id
 * carries its thought signature). A conversation that moves to an OpenAI-compatible model
 * keeps working: a longer id becomes `call_` and a hash of it, the same on the call and on its
 * result, so the two still match. Shorter ids are sent as they are.
 */
const MAX_TOOL_CALL_ID = 40;

export function fitToolCallId(id: string): string {
  if (id.length <= MAX_TOOL_CALL_ID) return id;
  return `call_${createHash('sha256').update(id).digest('base64url').slice(0, MAX_TOOL_CALL_ID - 'call_'.length)}`;
}

type Message = Record<string, unknown> & { tool_calls?: unknown; tool_call_id?: unknown };

/** A passthrough body's messages with every tool call id fitted; the body itself when none needed it. */
export function withFittedToolCallIds(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  const tooLong = (id: unknown) => typeof id === 'string' && id.length > MAX_TOOL_CALL_ID;
  const needsFitting = (message: Message) => tooLong(message?.tool_call_id) || (Array.isArray(message?.tool_calls) && message.tool_calls.some((call: { id?: unknown }) => tooLong(call?.id)));
  if (!(messages as Message[]).some(needsFitting)) return body;
  return {
    ...body,
    messages: (messages as Message[]).map((message) => {
      if (!needsFitting(message)) return message;
      const fitted: Message = { ...message };
      if (typeof message.tool_call_id === 'string') fitted.tool_call_id = fitToolCallId(message.tool_call_id);
      if (Array.isArray(message.tool_calls)) fitted.tool_calls = message.tool_calls.map((call: { id?: unknown }) => (typeof call?.id === 'string' ? { ...call, id: fitToolCallId(call.id) } : call));
      return fitted;
    }),
  };
}
