import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Layers } from '../layers/layers';
import { copyAttachmentFiles, readAttachmentFile, saveAttachmentFile } from './attachment-files';
import { CONVERSATION_FORMAT_VERSION, type ConversationEvent, type ConversationEventInput, type ConversationKind } from './conversation-event';
import type { ConversationStore, ConversationSummary, ConversationWriter, LoadedConversation } from './conversation-store';
import { conversationErrors } from './errors';
import { conversationToMarkdown } from './conversation-to-markdown';
import { openJsonlAppender } from './jsonl-appender';
import { readJsonl } from './read-jsonl';

export const CONVERSATION_FILE = 'conversation.jsonl';

const EVENT_TYPES = new Set(['conversation', 'user', 'assistant-start', 'text', 'reasoning', 'tool-call', 'assistant-end', 'tool-result', 'usage', 'error']);

function isConversationEvent(value: unknown): value is ConversationEvent {
  return typeof value === 'object' && value !== null && EVENT_TYPES.has((value as { type?: unknown }).type as string);
}

/** Sortable, readable and unique enough for one person's machine: `20260102-150405-a1b2c3`. */
function newSessionId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface ConversationStoreOptions {
  readonly layers: Layers;
  readonly now?: () => Date;
}

export function createConversationStore(options: ConversationStoreOptions): ConversationStore {
  const { layers } = options;
  const now = options.now ?? (() => new Date());
  const sessionsFolder = () => join(layers.root('personal').path!, 'sessions');
  /** Validates the id as a folder name (BSK_LAYERS_BAD_NAME) and gives its file. */
  const fileOf = (sessionId: string) => join(layers.withSession(sessionId).root('session').path!, CONVERSATION_FILE);

  function writer(sessionId: string, path: string): ConversationWriter {
    const appender = openJsonlAppender(path);
    return {
      sessionId,
      path,
      append: (event: ConversationEventInput) => appender.append({ ...event, at: now().toISOString() }),
      saveAttachment: (name, mediaType, bytes) => saveAttachmentFile(dirname(path), name, mediaType, bytes),
      close: () => appender.close(),
    };
  }

  function start(kind: ConversationKind, models: readonly string[], forkedFrom?: { id: string; events: number }): ConversationWriter {
    const sessionId = newSessionId(now());
    const path = layers.withSession(sessionId).writablePath('session', CONVERSATION_FILE);
    const created = writer(sessionId, path);
    created.append({ type: 'conversation', version: CONVERSATION_FORMAT_VERSION, id: sessionId, kind, models, ...(forkedFrom ? { forkedFrom } : {}) });
    return created;
  }

  function load(sessionId: string): LoadedConversation {
    const path = fileOf(sessionId);
    if (!existsSync(path)) throw conversationErrors.create('BSK_CONVERSATION_NOT_FOUND', { sessionId, folder: sessionsFolder() });
    const { lines, warnings } = readJsonl(path, isConversationEvent);
    const header = lines[0];
    if (header?.type !== 'conversation') throw conversationErrors.create('BSK_CONVERSATION_UNREADABLE', { path, reason: warnings[0] ?? 'the first line is not a conversation event' });
    return { sessionId, path, header, events: lines, warnings };
  }

  function summarize(sessionId: string): ConversationSummary | null {
    try {
      const { header, events, warnings } = load(sessionId);
      const firstUser = events.find((event) => event.type === 'user');
      const usages = events.flatMap((event) => (event.type === 'usage' ? [event.metrics] : []));
      const credits = usages.flatMap((metrics) => (metrics.credits !== null ? [metrics.credits] : []));
      return {
        sessionId, kind: header.kind, createdAt: header.at, models: header.models, events: events.length, warnings: warnings.length,
        title: firstUser?.type === 'user' ? firstUser.text.replace(/\s+/g, ' ').slice(0, 60) : '',
        credits: credits.length ? credits.reduce((sum, value) => sum + value, 0) : null,
        inputTokens: usages.reduce((sum, metrics) => sum + metrics.usage.inputTokens, 0),
        outputTokens: usages.reduce((sum, metrics) => sum + metrics.usage.outputTokens, 0),
      };
    } catch {
      // A session folder without a conversation (only settings, say) is not a conversation.
      return null;
    }
  }

  function fork(sessionId: string, forkOptions: { events?: number } = {}): LoadedConversation {
    const source = load(sessionId);
    const count = forkOptions.events ?? source.events.length;
    if (!Number.isInteger(count) || count < 1 || count > source.events.length) {
      throw conversationErrors.create('BSK_CONVERSATION_BAD_FORK', { sessionId, events: count, total: source.events.length });
    }
    const forked = start(source.header.kind, source.header.models, { id: sessionId, events: count });
    forked.close();
    // Copied events keep their own times: the fork's history is the original's.
    copyAttachmentFiles(dirname(source.path), dirname(forked.path));
    const copy = openJsonlAppender(forked.path);
    for (const event of source.events.slice(1, count)) copy.append(event);
    copy.close();
    return load(forked.sessionId);
  }

  return {
    create: ({ kind, models }) => start(kind, models),
    resume: (sessionId) => writer(load(sessionId).sessionId, fileOf(sessionId)),
    load,
    readAttachment(sessionId, ref) {
      try {
        return readAttachmentFile(dirname(fileOf(sessionId)), ref);
      } catch (error) {
        throw conversationErrors.create('BSK_CONVERSATION_ATTACHMENT_MISSING', { sessionId, name: ref.name, file: ref.file, reason: (error as Error).message }, { cause: error });
      }
    },
    list: () => {
      const folder = sessionsFolder();
      if (!existsSync(folder)) return [];
      const ids = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      return ids.flatMap((id) => summarize(id) ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    fork,
    exportMarkdown: (sessionId) => conversationToMarkdown(load(sessionId)),
    exportJson: (sessionId) => {
      const { header, events, warnings } = load(sessionId);
      return { id: header.id, kind: header.kind, createdAt: header.at, models: header.models, forkedFrom: header.forkedFrom ?? null, events, warnings };
    },
  };
}
