import type { AssistantContentPart, CanonicalMessage, ToolResultPart } from '../../../kernel/canonical/request';
import type { ConversationEvent } from './conversation-event';

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

function toolResults(events: readonly ConversationEvent[]): Map<string, ToolResultPart> {
  const results = new Map<string, ToolResultPart>();
  for (const event of events) {
    if (event.type === 'tool-result') results.set(event.id, { type: 'tool-result', toolCallId: event.id, toolName: event.name, content: [{ type: 'text', text: event.output }], isError: event.isError });
  }
  return results;
}

/**
 * The canonical messages a conversation's events stand for, as one model sees them (`model`
 * picks a compare lane; a chat has one lane). Partial answers of an interrupted stream are
 * kept as text; their unanswered tool calls are dropped.
 */
export function conversationHistory(events: readonly ConversationEvent[], model?: string): CanonicalMessage[] {
  const results = toolResults(events);
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
      messages.push({ role: 'user', content: [{ type: 'text', text: event.text }] });
    } else if (event.type === 'assistant-start') {
      close();
      draft = { text: '', calls: [] };
    } else if (event.type === 'text' && draft) (draft as AssistantDraft).text += event.text;
    else if (event.type === 'tool-call' && draft) (draft as AssistantDraft).calls.push({ id: event.id, name: event.name, input: event.input });
  }
  close();
  return messages;
}
