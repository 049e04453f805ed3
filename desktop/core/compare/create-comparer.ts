import { EMPTY_USAGE } from '../../../kernel/canonical/usage';
import { isBskError } from '../../../kernel/errors';
import type { ConversationStore, ConversationWriter } from '../conversations/conversation-store';
import { recordTurn } from '../conversations/record-turn';
import type { ProviderSlot, ResolvedModel } from '../providers/dosia-provider';
import type { CompareEvent, CompareOptions, CompareResult, Comparer } from './compare';
import { mergeAsync } from './merge-async';

const DEFAULT_MAX_TOKENS = 8192;

type Lane = { readonly model: string; readonly resolved: ResolvedModel } | { readonly model: string; readonly error: { code: string; message: string } };

function errorOf(error: unknown): { code: string; message: string } {
  return { code: isBskError(error) ? error.code : 'internal', message: error instanceof Error ? error.message : String(error) };
}

function failedResult(model: string, provider: string | null, error: { code: string; message: string }): CompareResult {
  return { model, provider, text: '', usage: EMPTY_USAGE, credits: null, latency: { firstTokenMs: null, totalMs: 0 }, requestId: null, error };
}

async function resolveLanes(providers: ProviderSlot, models: readonly string[], signal: AbortSignal | undefined): Promise<Lane[]> {
  await providers.refreshModels(signal);
  return Promise.all(models.map(async (model): Promise<Lane> => {
    try {
      const resolved = await providers.resolveModel(model, signal);
      return { model: resolved.model.id, resolved };
    } catch (error) {
      return { model, error: errorOf(error) };
    }
  }));
}

async function* runLane(lane: Lane, prompt: string, writer: ConversationWriter, options: CompareOptions): AsyncGenerator<CompareEvent> {
  if ('error' in lane) {
    writer.append({ type: 'error', model: lane.model, code: lane.error.code, message: lane.error.message });
    return yield { type: 'model-end', model: lane.model, result: failedResult(lane.model, null, lane.error) };
  }
  const { provider, model } = lane.resolved;
  try {
    const parts = await provider.streamTurn({ model: model.id, system: [], messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], tools: [], maxTokens: options.maxTokens ?? Math.min(model.maxOutputTokens ?? DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKENS) }, options.signal);
    const recorder = recordTurn(parts, writer, { model: model.id, provider: provider.name, step: 1 });
    for (;;) {
      const next = await recorder.next();
      if (!next.done) {
        yield { type: 'part', model: model.id, part: next.value };
        continue;
      }
      const { text, metrics, error } = next.value;
      const result: CompareResult = { model: model.id, provider: provider.name, text, usage: metrics.usage, credits: metrics.credits, latency: metrics.latency, requestId: metrics.requestId, ...(error ? { error: { code: `upstream-${error.kind}`, message: error.message } } : {}) };
      return yield { type: 'model-end', model: model.id, result };
    }
  } catch (error) {
    writer.append({ type: 'error', model: model.id, code: errorOf(error).code, message: errorOf(error).message });
    yield { type: 'model-end', model: model.id, result: failedResult(model.id, provider.name, errorOf(error)) };
  }
}

export function createComparer(dependencies: { readonly providers: ProviderSlot; readonly conversations: ConversationStore }): Comparer {
  const { providers, conversations } = dependencies;

  async function* run(options: CompareOptions): AsyncGenerator<CompareEvent, void> {
    const lanes = await resolveLanes(providers, options.models, options.signal);
    const writer = conversations.create({ kind: 'compare', models: lanes.map((lane) => lane.model) });
    try {
      writer.append({ type: 'user', text: options.prompt });
      yield { type: 'session', sessionId: writer.sessionId, models: lanes.map((lane) => lane.model) };
      const results = new Map<string, CompareResult>();
      for await (const event of mergeAsync(lanes.map((lane) => runLane(lane, options.prompt, writer, options)))) {
        if (event.type === 'model-end') results.set(event.model, event.result);
        yield event;
      }
      yield { type: 'compare-end', sessionId: writer.sessionId, results: lanes.map((lane) => results.get(lane.model)!) };
    } finally {
      writer.close();
    }
  }

  return {
    run,
    rerun(sessionId, options = {}) {
      const { header, events } = conversations.load(sessionId);
      const prompt = events.find((event) => event.type === 'user');
      return run({ prompt: prompt?.type === 'user' ? prompt.text : '', models: header.models, ...(options.signal ? { signal: options.signal } : {}) });
    },
  };
}
