import type { Comparer, CompareEvent } from '../core/compare/compare';
import type { ConversationEvent, ConversationEventInput } from '../core/conversations/conversation-event';
import type { ConversationStore } from '../core/conversations/conversation-store';
import { newTurnId } from './agent-turns';
import type { BridgeEventSink, CompareColumn, SessionTranscript } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { foldConversation, transcriptOf } from './conversation-transcript';

export interface CompareRunsDeps {
  readonly compare: () => Comparer;
  readonly conversations: () => ConversationStore;
  readonly emit: BridgeEventSink;
}

export interface CompareRuns {
  run(text: string, models: readonly string[]): Promise<{ compareId: string; columns: readonly CompareColumn[] }>;
  /** Continues with one lane: a new chat session holding the prompt and that model's answer. */
  pick(compareId: string, turnId: string): SessionTranscript;
  idle(): Promise<void>;
  close(): void;
}

/** The events of one lane (and the shared prompt), as a chat with that model would have recorded them. */
function laneEvents(events: readonly ConversationEvent[], model: string): ConversationEventInput[] {
  return events.flatMap((event): ConversationEventInput[] => {
    const { at: _at, ...input } = event;
    if (event.type === 'user') return [input as ConversationEventInput];
    if (event.type === 'usage') return event.metrics.model === model ? [input as ConversationEventInput] : [];
    return 'model' in event && event.model === model ? [input as ConversationEventInput] : [];
  });
}

/**
 * Compare runs through the `compare` capability: each lane gets a turn id, so its parts,
 * usage and end travel as the same `chat.*` events a chat turn sends; the compare set is the
 * conversation the comparer records.
 */
export function createCompareRuns(deps: CompareRunsDeps): CompareRuns {
  const runs = new Map<string, { columns: readonly CompareColumn[]; controller: AbortController; done?: Promise<void> }>();

  function laneEnd(sessionId: string, column: CompareColumn, event: Extract<CompareEvent, { type: 'model-end' }>): void {
    const loaded = deps.conversations().load(sessionId);
    const usage = [...loaded.events].reverse().find((candidate) => candidate.type === 'usage' && candidate.metrics.model === event.model);
    if (usage?.type === 'usage') deps.emit('chat.usage', { turnId: column.turnId, sessionId, metrics: usage.metrics, totals: foldConversation(laneEvents(loaded.events, event.model) as ConversationEvent[]).totals });
    deps.emit('chat.done', { turnId: column.turnId, sessionId, stop: event.result.error ? 'error' : 'finished', ...(event.result.error ? { error: event.result.error.message } : {}) });
  }

  async function forward(sessionId: string, columns: readonly CompareColumn[], events: AsyncGenerator<CompareEvent, void>): Promise<void> {
    const byModel = new Map(columns.map((column) => [column.model, column]));
    for await (const event of events) {
      const column = 'model' in event ? byModel.get(event.model) : undefined;
      if (!column) continue;
      if (event.type === 'part') deps.emit('chat.part', { turnId: column.turnId, sessionId, step: 1, part: event.part });
      else if (event.type === 'model-end') laneEnd(sessionId, column, event);
    }
  }

  return {
    async run(text, models) {
      const controller = new AbortController();
      const events = deps.compare().run({ prompt: text, models, signal: controller.signal });
      const first = await events.next();
      if (first.done || first.value.type !== 'session') throw bridgeErrors.create('BSK_BRIDGE_UNAVAILABLE', { service: 'compare', method: 'compare.run' });
      const sessionId = first.value.sessionId;
      const columns = first.value.models.map((model) => ({ sessionId, turnId: newTurnId(), model }));
      const run: { columns: readonly CompareColumn[]; controller: AbortController; done?: Promise<void> } = { columns, controller };
      runs.set(sessionId, run);
      run.done = forward(sessionId, columns, events).catch((error: Error) => {
        for (const column of columns) deps.emit('chat.done', { turnId: column.turnId, sessionId, stop: 'error', error: error.message });
      });
      return { compareId: sessionId, columns };
    },
    pick(compareId, turnId) {
      const column = runs.get(compareId)?.columns.find((candidate) => candidate.turnId === turnId);
      if (!column) throw bridgeErrors.create('BSK_BRIDGE_UNKNOWN_TURN', { turnId });
      const conversations = deps.conversations();
      const writer = conversations.create({ kind: 'chat', models: [column.model] });
      try {
        for (const event of laneEvents(conversations.load(compareId).events, column.model)) writer.append(event);
      } finally {
        writer.close();
      }
      return transcriptOf(conversations.load(writer.sessionId), undefined);
    },
    async idle() {
      await Promise.all([...runs.values()].map((run) => run.done));
    },
    close() {
      for (const run of runs.values()) run.controller.abort();
    },
  };
}
