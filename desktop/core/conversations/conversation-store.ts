import type { AttachmentRef, ConversationEvent, ConversationEventInput, ConversationKind } from './conversation-event';

/** Appends events to one conversation's file; each `append` is on disk (fsync'd) when it returns. */
export interface ConversationWriter {
  readonly sessionId: string;
  readonly path: string;
  /** Stamps `at` and appends one line. */
  append(event: ConversationEventInput): void;
  /** Stores a file in the session folder (named by its content, so a file attached twice is kept once); the ref goes on the `user` event. */
  saveAttachment(name: string, mediaType: string, bytes: Uint8Array): AttachmentRef;
  close(): void;
}

export interface LoadedConversation {
  readonly sessionId: string;
  readonly path: string;
  /** The first event (`conversation`): kind, models, where it was forked from. */
  readonly header: Extract<ConversationEvent, { type: 'conversation' }>;
  readonly events: readonly ConversationEvent[];
  /** Lines that could not be read (a torn last line after a crash): skipped, everything else loaded. */
  readonly warnings: readonly string[];
}

export interface ConversationSummary {
  readonly sessionId: string;
  readonly kind: ConversationKind;
  readonly createdAt: string;
  readonly models: readonly string[];
  /** The first user message, shortened. */
  readonly title: string;
  readonly events: number;
  /** Sum of the credits every model call reported (null when none reported any). */
  readonly credits: number | null;
  /** Summed over every model call. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly warnings: number;
}

/**
 * The `conversations` capability: conversations stored in the Session layer
 * (`<DOSIA_HOME>/sessions/<id>/conversation.jsonl`), one event per line.
 */
export interface ConversationStore {
  /** Starts a new conversation in a new session folder and writes its `conversation` event. */
  create(options: { readonly kind: ConversationKind; readonly models: readonly string[] }): ConversationWriter;
  /** Opens an existing conversation to append to it (resume). */
  resume(sessionId: string): ConversationWriter;
  load(sessionId: string): LoadedConversation;
  /** A stored attachment's bytes (BSK_CONVERSATION_ATTACHMENT_MISSING when the file is gone or the ref points outside the folder). */
  readAttachment(sessionId: string, ref: AttachmentRef): Buffer;
  /** Newest first. Unreadable folders are left out. */
  list(): readonly ConversationSummary[];
  /** A new conversation holding the first `events` events of another (all of them by default), with its attachments. */
  fork(sessionId: string, options?: { readonly events?: number }): LoadedConversation;
  exportMarkdown(sessionId: string): string;
  exportJson(sessionId: string): ConversationExport;
}

export interface ConversationExport {
  readonly id: string;
  readonly kind: ConversationKind;
  readonly createdAt: string;
  readonly models: readonly string[];
  readonly forkedFrom: { readonly id: string; readonly events: number } | null;
  readonly events: readonly ConversationEvent[];
  readonly warnings: readonly string[];
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    conversations: ConversationStore;
  }
}
