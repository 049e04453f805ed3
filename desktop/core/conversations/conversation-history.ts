import type { AssistantContentPart, CanonicalMessage, ImagePart, TextPart, ToolResultPart, UserContentPart } from '../../../kernel/canonical/request';
import type { AttachmentRef, ConversationEvent } from './conversation-event';

/** The part a stored attachment becomes for a model (the agent reads the file and converts it). */
export type AttachmentResolver = (ref: AttachmentRef) => UserContentPart;

/** Without a resolver (or for a file a tool result cannot carry) a model still hears that there was a file. */
const placeholder = (ref: AttachmentRef): TextPart => ({ type: 'text', text: `[attachment ${ref.name} (${ref.mediaType}, ${ref.bytes} bytes)]` });

interface AssistantDraft {
  text: string;
  calls: { id: string; name: string; input: unknown }[];
}

function finishAssistant(draft: AssistantDraft, results: ReadonlyMap<string, ToolResultPart>, messages: CanonicalMessage[]): void {
  // A call whose result never came (the process stopped) cannot go back to a model: providers refuse unanswered calls.
  const answered = draft.calls.filter((call) => results.has(call.id));
  const content: AssistantContentPart[] = [
    ...(draft.text ? [{ type: 'text' as const, text: draft.text }] : []),
    ...answered.map((call) => ({ type: 'tool-call' as const, id: call.id, name: call.name, input: call.input })),
  ];
  if (content.length) messages.push({ role: 'assistant', content });
  if (answered.length) messages.push({ role: 'tool', content: answered.map((call) => results.get(call.id)!) });
}

function toolResultImage(ref: AttachmentRef, resolve: AttachmentResolver | undefined): TextPart | ImagePart {
  const part = resolve?.(ref);
  return part?.type === 'image' || part?.type === 'text' ? part : placeholder(ref);
}

function toolResults(events: readonly ConversationEvent[], resolve: AttachmentResolver | undefined): Map<string, ToolResultPart> {
  const results = new Map<string, ToolResultPart>();
  for (const event of events) {
    if (event.type !== 'tool-result') continue;
    const images = (event.images ?? []).map((ref) => toolResultImage(ref, resolve));
    results.set(event.id, { type: 'tool-result', toolCallId: event.id, toolName: event.name, content: [{ type: 'text', text: event.output }, ...images], isError: event.isError });
  }
  return results;
}

/** The user's message as sent: the text, then each attached file as the part it became. */
export function userMessage(text: string, attachments: readonly AttachmentRef[] = [], resolve?: AttachmentResolver): CanonicalMessage {
  // Providers refuse empty text blocks; a message may be only files.
  return { role: 'user', content: [...(text.trim() ? [{ type: 'text' as const, text }] : []), ...attachments.map((ref) => resolve?.(ref) ?? placeholder(ref))] };
}

/**
 * The canonical messages a conversation's events stand for, as one model sees them (`model`
 * picks a compare lane; a chat has one lane). Partial answers of an interrupted stream are
 * kept as text; their unanswered tool calls are dropped. `resolve` turns stored attachments
 * (the user's files, images tools returned) back into parts.
 */
export function conversationHistory(events: readonly ConversationEvent[], model?: string, resolve?: AttachmentResolver): CanonicalMessage[] {
  const results = toolResults(events, resolve);
  const messages: CanonicalMessage[] = [];
  let draft: AssistantDraft | null = null;
  const close = () => {
    if (draft) finishAssistant(draft, results, messages);
    draft = null;
  };
  for (const event of events) {
    if ('model' in event && model !== undefined && event.model !== model) continue;
    if (event.type === 'user') {
      close();
      messages.push(userMessage(event.text, event.attachments, resolve));
    } else if (event.type === 'assistant-start') {
      close();
      draft = { text: '', calls: [] };
    } else if (event.type === 'text' && draft) (draft as AssistantDraft).text += event.text;
    else if (event.type === 'tool-call' && draft) (draft as AssistantDraft).calls.push({ id: event.id, name: event.name, input: event.input });
  }
  close();
  return messages;
}
