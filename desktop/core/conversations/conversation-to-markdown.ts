import type { TurnMetrics } from '../providers/dosia-provider';
import type { ConversationEvent } from './conversation-event';
import type { LoadedConversation } from './conversation-store';

/** Tool output beyond this many characters is cut in the export (the JSONL keeps it whole). */
const MAX_TOOL_OUTPUT = 2000;

/** The usage line: `model · 10 in / 5 out tokens · 42 credits · first token 12 ms · total 40 ms`. */
export function formatMetrics(metrics: Pick<TurnMetrics, 'model' | 'usage' | 'credits' | 'latency'> & { readonly creditsSource?: TurnMetrics['creditsSource'] }): string {
  const credits = metrics.credits === null ? 'no credits reported' : `${metrics.credits} credits${metrics.creditsSource === 'estimated' ? ' (estimated)' : ''}`;
  const firstToken = metrics.latency.firstTokenMs === null ? '-' : `${metrics.latency.firstTokenMs} ms`;
  return `${metrics.model} · ${metrics.usage.inputTokens} in / ${metrics.usage.outputTokens} out tokens · ${credits} · first token ${firstToken} · total ${metrics.latency.totalMs} ms`;
}

function fence(text: string): string {
  const cut = text.length > MAX_TOOL_OUTPUT ? `${text.slice(0, MAX_TOOL_OUTPUT)}\n… (${text.length - MAX_TOOL_OUTPUT} more characters)` : text;
  return `\`\`\`\n${cut.replace(/```/g, '` ` `')}\n\`\`\``;
}

function renderEvent(event: ConversationEvent): string | null {
  switch (event.type) {
    case 'user': return `\n\n### User\n\n${event.text}${(event.attachments ?? []).map((ref) => `\n\nAttached: [${ref.name}](${ref.file}) (${ref.mediaType}, ${ref.bytes} bytes)`).join('')}`;
    case 'assistant-start': return `\n\n### Assistant · ${event.model}${event.step > 1 ? ` (step ${event.step})` : ''}\n\n`;
    case 'text': return event.text;
    case 'tool-call': return `\n\n**Tool call** \`${event.name}\` \`${JSON.stringify(event.input)}\``;
    case 'tool-result': return `\n\n**Tool result**${event.isError ? ' (error)' : ''} \`${event.name}\` in ${event.durationMs} ms\n\n${fence(event.output)}`;
    case 'usage': return `\n\n_${formatMetrics(event.metrics)}_`;
    case 'error': return `\n\n**Error** ${event.code}: ${event.message}`;
    default: return null;
  }
}

function renderEvents(events: readonly ConversationEvent[]): string {
  return events.map(renderEvent).filter((piece) => piece !== null).join('');
}

const laneOf = (event: ConversationEvent): string | undefined => (event.type === 'usage' ? event.metrics.model : 'model' in event ? event.model : undefined);

/** Markdown for people: a chat reads top to bottom; a compare set shows the prompt, then each model's answer. */
export function conversationToMarkdown(conversation: LoadedConversation): string {
  const { header, events, warnings } = conversation;
  const lines = [`# Conversation ${header.id}`, '', `${header.kind} · started ${header.at} · ${header.models.join(', ')}${header.forkedFrom ? ` · forked from ${header.forkedFrom.id} at event ${header.forkedFrom.events}` : ''}`];
  for (const warning of warnings) lines.push('', `> warning: ${warning}`);
  if (header.kind === 'chat') return `${lines.join('\n')}${renderEvents(events)}\n`;
  const prompts = events.filter((event) => event.type === 'user');
  const lanes = header.models.map((model) => `\n\n## ${model}${renderEvents(events.filter((event) => laneOf(event) === model))}`);
  return `${lines.join('\n')}${renderEvents(prompts)}${lanes.join('')}\n`;
}
