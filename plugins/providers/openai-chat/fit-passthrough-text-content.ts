type Message = Record<string, unknown> & { role?: unknown; content?: unknown };
type TextPart = { type: 'text'; text: string };

/**
 * How the translated path joins a role's text parts (convert-to-openai-chat-messages.ts), so a
 * passthrough model reads the same prompt: system parts as paragraphs, an assistant's text as
 * written, a tool's result line by line.
 */
const SEPARATOR_BY_ROLE: Readonly<Record<string, string>> = { system: '\n\n', assistant: '', tool: '\n' };

function isTextParts(content: unknown): content is TextPart[] {
  return Array.isArray(content) && content.every((part: Partial<TextPart> | null) => part?.type === 'text' && typeof part.text === 'string');
}

/**
 * A passthrough body whose messages of `roles` carry their text parts as one string, for an
 * upstream that takes only a string there (see OpenAIChatWireShape.stringContentRoles); the
 * body itself when none does, so a passthrough without such content costs a scan and no copy.
 * Content with other parts (an image) is left as the client wrote it.
 */
export function withTextPartsAsString(body: Record<string, unknown>, roles: readonly string[]): Record<string, unknown> {
  const messages = body.messages;
  const needsString = (message: Message) => roles.includes(message?.role as string) && isTextParts(message.content);
  if (!Array.isArray(messages) || !(messages as Message[]).some(needsString)) return body;
  return {
    ...body,
    messages: (messages as Message[]).map((message) => (needsString(message)
      ? { ...message, content: (message.content as TextPart[]).map((part) => part.text).join(SEPARATOR_BY_ROLE[message.role as string] ?? '\n') }
      : message)),
  };
}
