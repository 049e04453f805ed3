import { randomUUID } from 'node:crypto';
import type { AssistantContentPart, CanonicalMessage, TextPart } from '../../kernel/canonical/request';
import type { Layers } from '../core/layers/layers';
import type { ProviderSlot, ResolvedModel } from '../core/providers/dosia-provider';
import type { AssemblyState } from './assemble-message';
import type { BridgeEventSink, ChatMessage, ChatSendParams, SessionSummary, SessionTranscript, TurnHandle } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { runTurn } from './run-turn';
import { type SessionRecord, ZERO_TOTALS, addToTotals, attachmentPart, findSnippet, summarize, transcriptOf } from './session-record';

export interface ChatSessionsDeps {
  /** The Provider slot, or a throw saying it is not loaded. */
  readonly providers: () => ProviderSlot;
  readonly layers: Layers;
  readonly emit: BridgeEventSink;
  readonly now?: () => Date;
}

export interface ChatSessions {
  send(params: ChatSendParams, options?: { hidden?: boolean }): Promise<TurnHandle>;
  cancel(turnId: string): boolean;
  list(): SessionSummary[];
  open(sessionId: string): SessionTranscript;
  search(query: string): SessionSummary[];
  /** Makes a hidden session (a compare column) a normal one. */
  reveal(sessionId: string): SessionTranscript;
  /** Drops hidden sessions (the compare columns not picked). */
  discard(sessionIds: readonly string[]): void;
  /** Resolves when every running turn has ended (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

function assistantContent(assembly: AssemblyState): AssistantContentPart[] {
  return assembly.blocks.flatMap((block): AssistantContentPart[] => {
    if (block.type === 'text') return block.text ? [{ type: 'text', text: block.text }] : [];
    if (block.type === 'tool-call') return [{ type: 'tool-call', id: block.id, name: block.name, input: block.input }];
    return [];
  });
}

/**
 * Conversations held by core for the UI: each send appends the user's message, streams the
 * model's answer as `chat.part` events, then records it with its metrics (`chat.usage`,
 * `chat.done`). Turns run in the background so `chat.send` answers at once with the ids.
 */
export function createChatSessions(deps: ChatSessionsDeps): ChatSessions {
  const sessions = new Map<string, SessionRecord>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const now = () => (deps.now?.() ?? new Date()).toISOString();

  function record(sessionId: string): SessionRecord {
    const found = sessions.get(sessionId);
    if (!found) throw bridgeErrors.create('BSK_BRIDGE_UNKNOWN_SESSION', { sessionId });
    return found;
  }

  function sessionFor(params: ChatSendParams, hidden: boolean): SessionRecord {
    if (params.sessionId) return record(params.sessionId);
    const created: SessionRecord = { id: newId('ses'), title: params.text.split('\n')[0]!.slice(0, 80) || 'New chat', model: null, updatedAt: now(), hidden, entries: [], totals: ZERO_TOTALS };
    sessions.set(created.id, created);
    return created;
  }

  function appendUserMessage(session: SessionRecord, params: ChatSendParams): void {
    if (params.replaceFromMessageId) {
      const cut = session.entries.findIndex((entry) => entry.view.id === params.replaceFromMessageId);
      if (cut >= 0) session.entries = session.entries.slice(0, cut);
    }
    const attachments = params.attachments ?? [];
    const view: ChatMessage = { id: newId('msg'), role: 'user', blocks: [{ type: 'text', text: params.text }], attachments: attachments.map(({ name, mediaType }) => ({ name, mediaType })) };
    session.entries.push({ view, canonical: { role: 'user', content: [{ type: 'text', text: params.text }, ...attachments.map(attachmentPart)] } });
  }

  function systemPrompt(): TextPart[] {
    const text = deps.layers.instructions().text.trim();
    return text ? [{ type: 'text', text }] : [];
  }

  async function runInBackground(session: SessionRecord, resolved: ResolvedModel, handle: TurnHandle, controller: AbortController): Promise<void> {
    const history: CanonicalMessage[] = session.entries.map((entry) => entry.canonical);
    const outcome = await runTurn({
      provider: resolved.provider, model: resolved.model.id, system: systemPrompt(), messages: history, signal: controller.signal,
      onPart: (part) => deps.emit('chat.part', { turnId: handle.turnId, sessionId: session.id, part }),
    });
    const blocks = outcome.assembly.blocks.map((block) => (block.type === 'tool-call' ? { ...block, status: 'done' as const } : block));
    const message: ChatMessage = { id: handle.messageId, role: 'assistant', blocks, model: handle.model, ...(outcome.metrics ? { metrics: outcome.metrics } : {}), ...(outcome.assembly.error ? { error: outcome.assembly.error } : {}) };
    session.entries.push({ view: message, canonical: { role: 'assistant', content: assistantContent(outcome.assembly) } });
    session.updatedAt = now();
    if (outcome.metrics) {
      session.totals = addToTotals(session.totals, outcome.metrics);
      deps.emit('chat.usage', { turnId: handle.turnId, sessionId: session.id, metrics: outcome.metrics, totals: session.totals });
    }
    deps.emit('chat.done', { turnId: handle.turnId, sessionId: session.id, message });
  }

  return {
    async send(params, options = {}) {
      const resolved = await deps.providers().resolveModel(params.model);
      const session = sessionFor(params, options.hidden ?? false);
      appendUserMessage(session, params);
      const model = `${resolved.provider.name}:${resolved.model.id}`;
      session.model = model;
      const handle: TurnHandle = { sessionId: session.id, turnId: newId('turn'), messageId: newId('msg'), model };
      const controller = new AbortController();
      const done = runInBackground(session, resolved, handle, controller).finally(() => running.delete(handle.turnId));
      running.set(handle.turnId, { controller, done });
      return handle;
    },
    cancel(turnId) {
      const turn = running.get(turnId);
      turn?.controller.abort();
      return Boolean(turn);
    },
    list: () => [...sessions.values()].filter((session) => !session.hidden && session.entries.length > 0).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((session) => summarize(session)),
    open: (sessionId) => transcriptOf(record(sessionId)),
    search(query) {
      return [...sessions.values()].filter((session) => !session.hidden).flatMap((session) => {
        const snippet = findSnippet(session, query);
        return snippet === null ? [] : [summarize(session, snippet)];
      });
    },
    reveal(sessionId) {
      const session = record(sessionId);
      session.hidden = false;
      return transcriptOf(session);
    },
    discard(sessionIds) {
      for (const id of sessionIds) if (sessions.get(id)?.hidden) sessions.delete(id);
    },
    async idle() {
      await Promise.all([...running.values()].map((turn) => turn.done));
    },
    close() {
      for (const turn of running.values()) turn.controller.abort();
    },
  };
}
