import { addUsage } from '../core/agent/sum-metrics';
import type { ConversationEvent } from '../core/conversations/conversation-event';
import type { ConversationSummary, LoadedConversation } from '../core/conversations/conversation-store';
import type { TurnMetrics } from '../core/providers/dosia-provider';
import type { ChatMessage, MessageBlock, SessionSummary, SessionTotals, SessionTranscript } from './bridge-contract';

interface DraftMessage {
  id: string;
  role: 'user' | 'assistant';
  blocks: MessageBlock[];
  attachments?: ChatMessage['attachments'];
  model?: string;
  metrics?: TurnMetrics;
  error?: string;
}

/** Several model calls of one answer (tool steps) read as one: usage and credits add up, latency spans them. */
function mergeMetrics(earlier: TurnMetrics | undefined, later: TurnMetrics): TurnMetrics {
  if (!earlier) return later;
  const credits = earlier.credits === null && later.credits === null ? null : (earlier.credits ?? 0) + (later.credits ?? 0);
  return { ...later, usage: addUsage(earlier.usage, later.usage), credits, latency: { firstTokenMs: earlier.latency.firstTokenMs ?? later.latency.firstTokenMs, totalMs: earlier.latency.totalMs + later.latency.totalMs } };
}

function appendPiece(message: DraftMessage, type: 'text' | 'reasoning', text: string): void {
  const last = message.blocks.at(-1);
  if (last?.type === type) message.blocks[message.blocks.length - 1] = { type, text: last.text + text };
  else message.blocks.push({ type, text });
}

/**
 * Folds a conversation's JSONL events into the messages the UI draws. Message ids are the
 * index of the event that starts them (`e12`), which is what `fork` counts, so "edit this
 * message" forks the session just before it. Each compare lane (the events' `model`) gets its
 * own answer; a chat's tool steps stay in one answer.
 */
export function foldConversation(events: readonly ConversationEvent[]): { messages: ChatMessage[]; totals: SessionTotals; model: string | null } {
  const messages: DraftMessage[] = [];
  const lanes = new Map<string, DraftMessage>();
  let totals: SessionTotals = { inputTokens: 0, outputTokens: 0, credits: 0, calls: 0 };
  let model: string | null = null;
  const lane = (name: string | undefined, index: number): DraftMessage => {
    const key = name ?? '';
    let message = lanes.get(key);
    if (!message) {
      message = { id: `e${index}`, role: 'assistant', blocks: [], ...(name ? { model: name } : {}) };
      lanes.set(key, message);
      messages.push(message);
    }
    return message;
  };
  events.forEach((event, index) => {
    switch (event.type) {
      case 'user':
        lanes.clear();
        messages.push({ id: `e${index}`, role: 'user', blocks: [{ type: 'text', text: event.text }], ...(event.attachments?.length ? { attachments: event.attachments.map(({ name, mediaType, file }) => ({ name, mediaType, file })) } : {}) });
        break;
      case 'assistant-start':
        model = `${event.provider}:${event.model}`;
        lane(event.model, index).model = model;
        break;
      case 'text':
      case 'reasoning':
        appendPiece(lane(event.model, index), event.type, event.text);
        break;
      case 'tool-call':
        lane(event.model, index).blocks.push({ type: 'tool-call', id: event.id, name: event.name, input: event.input, status: 'running' });
        break;
      case 'tool-result': {
        const message = lane(event.model, index);
        message.blocks = message.blocks.map((block) => (block.type === 'tool-call' && block.id === event.id ? { ...block, status: 'done', result: event.output, isError: event.isError } : block));
        break;
      }
      case 'usage': {
        const message = lane(event.metrics.model, index);
        message.metrics = mergeMetrics(message.metrics, event.metrics);
        totals = { inputTokens: totals.inputTokens + event.metrics.usage.inputTokens, outputTokens: totals.outputTokens + event.metrics.usage.outputTokens, credits: totals.credits + (event.metrics.credits ?? 0), calls: totals.calls + 1 };
        break;
      }
      case 'error':
        lane(event.model, index).error = event.message;
        break;
      default:
        break;
    }
  });
  return { messages, totals, model };
}

export function summarizeConversation(summary: ConversationSummary, snippet?: string): SessionSummary {
  const base: SessionSummary = { id: summary.sessionId, kind: summary.kind, title: summary.title || 'Untitled', models: summary.models, createdAt: summary.createdAt, credits: summary.credits, inputTokens: summary.inputTokens, outputTokens: summary.outputTokens };
  return snippet === undefined ? base : { ...base, snippet };
}

export function transcriptOf(loaded: LoadedConversation, summary: ConversationSummary | undefined): SessionTranscript {
  const folded = foldConversation(loaded.events);
  const firstUser = loaded.events.find((event) => event.type === 'user');
  const title = summary?.title || (firstUser?.type === 'user' ? firstUser.text.split('\n')[0]!.slice(0, 80) : 'Untitled');
  const { inputTokens, outputTokens } = folded.totals;
  return { id: loaded.sessionId, kind: loaded.header.kind, title, models: loaded.header.models, createdAt: loaded.header.at, credits: folded.totals.calls ? folded.totals.credits : null, inputTokens, outputTokens, ...folded };
}

/** The words a person may search a conversation for: what was said, thought, attached, and what tools answered. */
function searchableText(event: ConversationEvent): string {
  switch (event.type) {
    case 'user': return [event.text, ...(event.attachments ?? []).map((ref) => ref.name)].join('\n');
    case 'text': return event.text;
    case 'reasoning': return event.text;
    case 'tool-result': return event.output;
    default: return '';
  }
}

/** The first line of the conversation holding `query` (case-insensitive), or null. Streamed text is joined first, so a match across two deltas is found. */
export function findSnippet(events: readonly ConversationEvent[], query: string): string | null {
  const needle = query.toLowerCase();
  let joined = '';
  let previous: string | null = null;
  for (const event of events) {
    const text = searchableText(event);
    // Deltas of one answer (same kind, same compare lane, nothing between) join as written; anything else starts a new line.
    const piece = event.type === 'text' || event.type === 'reasoning' ? `${event.type}:${event.model}` : null;
    joined += piece !== null && piece === previous ? text : `\n${text}`;
    previous = piece;
  }
  const line = joined.split('\n').find((candidate) => candidate.toLowerCase().includes(needle));
  return line === undefined ? null : line.trim().slice(0, 160);
}
