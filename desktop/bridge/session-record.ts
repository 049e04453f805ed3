import type { CanonicalMessage, UserContentPart } from '../../kernel/canonical/request';
import type { Attachment, ChatMessage, SessionSummary, SessionTotals, SessionTranscript, TurnMetrics } from './bridge-contract';
import { textOf } from './assemble-message';

/** One message as the UI draws it, beside what the model is sent for it. */
export interface SessionEntry {
  readonly view: ChatMessage;
  readonly canonical: CanonicalMessage;
}

export interface SessionRecord {
  readonly id: string;
  title: string;
  model: string | null;
  updatedAt: string;
  /** Compare columns stay out of the sessions list until one is picked. */
  hidden: boolean;
  entries: SessionEntry[];
  totals: SessionTotals;
}

export const ZERO_TOTALS: SessionTotals = { inputTokens: 0, outputTokens: 0, credits: 0, turns: 0 };

export function addToTotals(totals: SessionTotals, metrics: TurnMetrics): SessionTotals {
  return {
    inputTokens: totals.inputTokens + metrics.usage.inputTokens,
    outputTokens: totals.outputTokens + metrics.usage.outputTokens,
    credits: totals.credits + (metrics.credits ?? 0),
    turns: totals.turns + 1,
  };
}

/** Images go to the model as images, text files as text documents, anything else as a base64 document. */
export function attachmentPart(attachment: Attachment): UserContentPart {
  if (attachment.encoding === 'text') return { type: 'document', title: attachment.name, source: { kind: 'text', text: attachment.data } };
  if (attachment.mediaType.startsWith('image/')) return { type: 'image', source: { kind: 'base64', mediaType: attachment.mediaType, data: attachment.data } };
  return { type: 'document', title: attachment.name, source: { kind: 'base64', mediaType: attachment.mediaType, data: attachment.data } };
}

export function summarize(record: SessionRecord, snippet?: string): SessionSummary {
  const summary: SessionSummary = { id: record.id, title: record.title, model: record.model, updatedAt: record.updatedAt, messageCount: record.entries.length, totals: record.totals };
  return snippet === undefined ? summary : { ...summary, snippet };
}

export function transcriptOf(record: SessionRecord): SessionTranscript {
  return { ...summarize(record), messages: record.entries.map((entry) => entry.view) };
}

/** The first line of the session holding `query` (case-insensitive), or null. */
export function findSnippet(record: SessionRecord, query: string): string | null {
  const needle = query.toLowerCase();
  if (record.title.toLowerCase().includes(needle)) return record.title;
  for (const entry of record.entries) {
    const line = textOf(entry.view.blocks).split('\n').find((candidate) => candidate.toLowerCase().includes(needle));
    if (line !== undefined) return line.trim().slice(0, 160);
  }
  return null;
}
