import type { FinishReason } from '../../../kernel/canonical/stream';
import type { TurnMetrics } from '../providers/dosia-provider';

export const CONVERSATION_FORMAT_VERSION = 1;

/**
 * One line of a conversation's `conversation.jsonl`. The file is an append-only log: an
 * answer is written as it streams (`assistant-start`, its `text` / `reasoning` / `tool-call`
 * pieces, `assistant-end`), so a crash loses at most the line being written. `model` tags
 * every model event: in a compare set it says which lane the event belongs to.
 */
export type ConversationEvent =
  | { readonly type: 'conversation'; readonly at: string; readonly version: number; readonly id: string; readonly kind: ConversationKind; readonly models: readonly string[]; readonly forkedFrom?: { readonly id: string; readonly events: number } }
  | { readonly type: 'user'; readonly at: string; readonly text: string; readonly attachments?: readonly AttachmentRef[]; readonly skill?: { readonly name: string; readonly version: string | null } }
  | { readonly type: 'assistant-start'; readonly at: string; readonly model: string; readonly provider: string; readonly step: number }
  | { readonly type: 'text'; readonly at: string; readonly model: string; readonly text: string }
  | { readonly type: 'reasoning'; readonly at: string; readonly model: string; readonly text: string }
  | { readonly type: 'tool-call'; readonly at: string; readonly model: string; readonly id: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'assistant-end'; readonly at: string; readonly model: string; readonly finishReason: FinishReason }
  | { readonly type: 'tool-result'; readonly at: string; readonly model: string; readonly id: string; readonly name: string; readonly output: string; readonly images?: readonly AttachmentRef[]; readonly isError: boolean; readonly durationMs: number }
  | { readonly type: 'usage'; readonly at: string; readonly metrics: TurnMetrics }
  | { readonly type: 'error'; readonly at: string; readonly model?: string; readonly code: string; readonly message: string };

/**
 * A file attached to a user message, stored once in the session folder (`file`, relative to
 * it: `attachments/<sha256>.<ext>`) so the log stays small and a line is never megabytes of base64.
 */
export interface AttachmentRef {
  readonly name: string;
  readonly mediaType: string;
  readonly file: string;
  readonly bytes: number;
}

/** `chat`: one model with tools; `compare`: one prompt against several models, side by side. */
export type ConversationKind = 'chat' | 'compare';

type WithoutTime<Event> = Event extends unknown ? Omit<Event, 'at'> : never;
/** An event as callers hand it to a writer, which stamps `at`. */
export type ConversationEventInput = WithoutTime<ConversationEvent>;
