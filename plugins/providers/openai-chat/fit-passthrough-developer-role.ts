type Message = Record<string, unknown> & { role?: unknown };

const isDeveloper = (message: Message) => message?.role === 'developer';

/**
 * A passthrough body's `developer` messages as `system` ones, for an upstream that refuses the
 * role (see OpenAIChatWireShape.refusesDeveloperRole); the body itself when it has none, so a
 * passthrough without one costs a scan and no copy.
 */
export function withDeveloperMessagesAsSystem(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || !(messages as Message[]).some(isDeveloper)) return body;
  return { ...body, messages: (messages as Message[]).map((message) => (isDeveloper(message) ? { ...message, role: 'system' } : message)) };
}
