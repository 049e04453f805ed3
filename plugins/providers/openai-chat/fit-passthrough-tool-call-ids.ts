import { fitToolCallId, OPENAI_TOOL_CALL_IDS } from '../shared/fit-tool-call-ids';

type Message = Record<string, unknown> & { tool_calls?: unknown; tool_call_id?: unknown };

const misfit = (id: unknown) => typeof id === 'string' && !OPENAI_TOOL_CALL_IDS.fits(id);
const needsFitting = (message: Message) => misfit(message?.tool_call_id) || (Array.isArray(message?.tool_calls) && message.tool_calls.some((call: { id?: unknown }) => misfit(call?.id)));

/** A passthrough body's tool call ids fitted for an OpenAI-compatible upstream (see fit-tool-call-ids.ts); the body itself when none needed it. */
export function withFittedToolCallIds(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || !(messages as Message[]).some(needsFitting)) return body;
  const fit = (id: string) => fitToolCallId(id, OPENAI_TOOL_CALL_IDS);
  return {
    ...body,
    messages: (messages as Message[]).map((message) => {
      if (!needsFitting(message)) return message;
      const fitted: Message = { ...message };
      if (typeof message.tool_call_id === 'string') fitted.tool_call_id = fit(message.tool_call_id);
      if (Array.isArray(message.tool_calls)) fitted.tool_calls = message.tool_calls.map((call: { id?: unknown }) => (typeof call?.id === 'string' ? { ...call, id: fit(call.id) } : call));
      return fitted;
    }),
  };
}
