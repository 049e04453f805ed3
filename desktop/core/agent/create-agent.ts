import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CanonicalMessage, ImagePart, TextPart, ToolResultPart } from '../../../kernel/canonical/request';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { AttachmentRef } from '../conversations/conversation-event';
import { type AttachmentResolver, conversationHistory, userMessage } from '../conversations/conversation-history';
import type { ConversationStore, ConversationWriter } from '../conversations/conversation-store';
import { recordTurn, type RecordedToolCall, type RecordedTurn } from '../conversations/record-turn';
import type { Layers } from '../layers/layers';
import type { ProviderSlot, ResolvedModel, TurnMetrics } from '../providers/dosia-provider';
import type { Agent, AgentEvent, AgentRunOptions, AgentStop, AgentTurnResult } from './agent';
import { createApprovalGate } from './approval';
import { IMAGE_MEDIA_TYPES } from './attachment-limits';
import { assertAttachmentsUsable, attachmentBytes, attachmentPart } from './attachment-parts';
import { createFileToolSource } from './builtin-file-tools';
import { callTool } from './call-tool';
import { agentErrors } from './errors';
import { sumMetrics } from './sum-metrics';
import type { AgentTool, ToolImage, ToolOutput, ToolRegistry, ToolSource } from './tool-source';

export interface AgentDependencies {
  readonly layers: Layers;
  readonly providers: ProviderSlot;
  readonly conversations: ConversationStore;
  readonly tools: ToolRegistry;
  readonly logger: Logger;
  /** The folder the built-in file tools work in when there is no `.dosia/` project. */
  readonly cwd: string;
}

const DEFAULT_MAX_STEPS = 20;
const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_TOKENS = 8192;

interface RunState {
  readonly options: AgentRunOptions;
  readonly writer: ConversationWriter;
  readonly resolved: ResolvedModel;
  readonly signal: AbortSignal;
  readonly startedAt: number;
  readonly metrics: TurnMetrics[];
  text: string;
}

/** The resolved model, when the run's allowed list (if any) names it by id, alias or `provider:id`. */
function assertModelAllowed(resolved: ResolvedModel, options: AgentRunOptions): ResolvedModel {
  const { allowedModels, skill } = options;
  if (!allowedModels) return resolved;
  const names = [resolved.model.id, `${resolved.provider.name}:${resolved.model.id}`, ...(resolved.model.aliases ?? [])];
  if (names.some((name) => allowedModels.includes(name))) return resolved;
  const by = skill ? `by the skill ${skill.name}` : 'for this run';
  throw agentErrors.create('BSK_AGENT_MODEL_NOT_ALLOWED', { model: resolved.model.id, by, allowed: allowedModels.join(', ') });
}

/** A numeric setting, when a layer sets it to a positive integer. */
function numberSetting(layers: Layers, key: string, fallback: number): number {
  const value = layers.get(key).value;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

export function createAgent(dependencies: AgentDependencies): Agent {
  const { layers, providers, conversations, logger } = dependencies;
  const gate = createApprovalGate(layers, logger);

  /** The project is the folder holding `.dosia/`; without one, the working folder. */
  function projectRoot(): string {
    const project = layers.root('project');
    return project.path && existsSync(project.path) ? dirname(project.path) : dependencies.cwd;
  }

  async function availableTools(options: Pick<AgentRunOptions, 'tools' | 'toolSources'>): Promise<Map<string, { tool: AgentTool; source: ToolSource }>> {
    const byName = new Map<string, { tool: AgentTool; source: ToolSource }>();
    if (options.tools === false) return byName;
    for (const source of [createFileToolSource(projectRoot()), ...dependencies.tools.sources(), ...(options.toolSources ?? [])]) {
      // First source wins a name clash, so neither a plugin nor a run can shadow the built-in file tools.
      for (const tool of await source.list()) if (!byName.has(tool.name)) byName.set(tool.name, { tool, source });
    }
    return byName;
  }

  /** DOSIA's prompt and the layers' instructions, then the run's own (see AgentRunOptions.system). */
  function systemPrompt(sessionLayers: Layers, runSystem: readonly TextPart[] = []): TextPart[] {
    const base = `You are DOSIA, a coding and writing assistant. The project folder is ${projectRoot()}; file tools take paths relative to it.`;
    const instructions = sessionLayers.instructions().text.trim();
    return [{ type: 'text', text: instructions ? `${base}\n\n${instructions}` : base }, ...runSystem];
  }

  /** Picks the model and opens the conversation; the only part of a run allowed to throw. */
  async function open(options: AgentRunOptions): Promise<{ writer: ConversationWriter; resolved: ResolvedModel; history: CanonicalMessage[] }> {
    if (!options.prompt.trim() && !options.attachments?.length) throw agentErrors.create('BSK_AGENT_EMPTY_PROMPT');
    assertAttachmentsUsable(options.attachments ?? []);
    if (options.sessionId === undefined) {
      await providers.refreshModels(options.signal);
      const resolved = assertModelAllowed(await providers.resolveModel(options.model, options.signal), options);
      return { writer: conversations.create({ kind: 'chat', models: [resolved.model.id] }), resolved, history: [] };
    }
    const loaded = conversations.load(options.sessionId);
    for (const warning of loaded.warnings) logger.warn({ sessionId: options.sessionId, warning }, 'conversation line skipped');
    const lastModel = [...loaded.events].reverse().find((event) => event.type === 'assistant-start');
    const resolved = await providers.resolveModel(options.model ?? (lastModel?.type === 'assistant-start' ? `${lastModel.provider}:${lastModel.model}` : loaded.header.models[0]), options.signal);
    return { writer: conversations.resume(options.sessionId), resolved: assertModelAllowed(resolved, options), history: conversationHistory(loaded.events, undefined, storedAttachments(options.sessionId)) };
  }

  /** Stored files back as parts; one that cannot be read any more is named to the model instead of failing the turn. */
  function storedAttachments(sessionId: string): AttachmentResolver {
    return (ref) => {
      try {
        return attachmentPart({ name: ref.name, mediaType: ref.mediaType, data: conversations.readAttachment(sessionId, ref).toString('base64'), encoding: 'base64' });
      } catch (error) {
        logger.warn({ sessionId, file: ref.file, reason: (error as Error).message }, 'attachment unreadable');
        return { type: 'text', text: `[attachment ${ref.name} could not be read: ${(error as Error).message}]` };
      }
    };
  }

  /** A tool's images go to the session folder like the user's files; only types a model can see are kept. */
  function saveToolImages(writer: ConversationWriter, toolName: string, images: readonly ToolImage[] = []): { refs: AttachmentRef[]; parts: ImagePart[] } {
    const usable = images.filter((image) => IMAGE_MEDIA_TYPES.includes(image.mediaType));
    const refs = usable.map((image, index) => writer.saveAttachment(`${toolName}-${index + 1}.${image.mediaType.split('/')[1]}`, image.mediaType, Buffer.from(image.data, 'base64')));
    return { refs, parts: usable.map((image) => ({ type: 'image', source: { kind: 'base64', mediaType: image.mediaType, data: image.data } })) };
  }

  async function* runTools(state: RunState, step: number, calls: readonly RecordedToolCall[], tools: Map<string, { tool: AgentTool; source: ToolSource }>, timeoutMs: number): AsyncGenerator<AgentEvent, ToolResultPart[]> {
    const results: ToolResultPart[] = [];
    for (const call of calls) {
      yield { type: 'tool-call', step, id: call.id, name: call.name, input: call.input };
      const started = performance.now();
      const { output, approval } = await executeCall(state, call, tools, timeoutMs);
      const durationMs = Math.round(performance.now() - started);
      const isError = output.isError ?? false;
      const images = saveToolImages(state.writer, call.name, output.images);
      const stored = images.refs.length ? { images: images.refs } : {};
      state.writer.append({ type: 'tool-result', model: state.resolved.model.id, id: call.id, name: call.name, output: output.content, ...stored, isError, durationMs });
      yield { type: 'tool-result', step, id: call.id, name: call.name, output: output.content, ...stored, isError, durationMs, approval };
      results.push({ type: 'tool-result', toolCallId: call.id, toolName: call.name, content: [{ type: 'text', text: output.content }, ...images.parts], isError });
    }
    return results;
  }

  async function executeCall(state: RunState, call: RecordedToolCall, tools: Map<string, { tool: AgentTool; source: ToolSource }>, timeoutMs: number): Promise<{ output: ToolOutput; approval: string }> {
    const entry = tools.get(call.name);
    if (!entry) return { output: { content: `error: there is no tool named ${call.name}`, isError: true }, approval: 'none' };
    if (call.inputError) return { output: { content: `error: ${call.inputError}`, isError: true }, approval: 'none' };
    const action = `${call.name}(${entry.tool.permissionTarget?.(call.input) ?? ''})`;
    const outcome = await gate.check({ sessionId: state.writer.sessionId, tool: call.name, source: entry.source.name, action, input: call.input }, state.options.approve, state.signal, state.options.preApprovedTools);
    if (!outcome.allowed) return { output: { content: `error: not permitted: ${outcome.reason}`, isError: true }, approval: outcome.reason };
    return { output: await callTool(entry.source, call.name, call.input, { timeoutMs, signal: state.signal }), approval: outcome.how };
  }

  function finish(state: RunState, steps: number, stop: AgentStop, error?: { code: string; message: string }): AgentEvent {
    const totals = sumMetrics(state.metrics);
    const gatewayHeaders = Object.assign({}, ...state.metrics.map((metrics) => metrics.gatewayHeaders ?? {})) as Record<string, string>;
    const result: AgentTurnResult = {
      sessionId: state.writer.sessionId, provider: state.resolved.provider.name, model: state.resolved.model.id, text: state.text, steps,
      usage: totals.usage, credits: totals.credits, requestIds: totals.requestIds, stop, ...(error ? { error } : {}),
      ...(state.options.skill ? { skill: state.options.skill } : {}), ...(Object.keys(gatewayHeaders).length ? { gatewayHeaders } : {}),
      latency: { firstTokenMs: state.metrics[0]?.latency.firstTokenMs ?? null, totalMs: Math.round(performance.now() - state.startedAt) },
    };
    if (error) state.writer.append({ type: 'error', model: result.model, code: error.code, message: error.message });
    state.writer.close();
    return { type: 'turn-end', result };
  }

  async function* streamStep(state: RunState, step: number, messages: CanonicalMessage[], tools: Map<string, { tool: AgentTool; source: ToolSource }>, system: TextPart[]): AsyncGenerator<AgentEvent, RecordedTurn> {
    const { provider, model } = state.resolved;
    const maxTokens = state.options.maxTokens ?? Math.min(model.maxOutputTokens ?? DEFAULT_MAX_TOKENS, numberSetting(layers, 'agent.maxTokens', DEFAULT_MAX_TOKENS));
    const { headers } = state.options;
    const parts = await provider.streamTurn({ model: model.id, system, messages: [...messages], tools: [...tools.values()].map(({ tool }) => tool), maxTokens, ...(headers ? { headers } : {}) }, state.signal);
    const recorder = recordTurn(parts, state.writer, { model: model.id, provider: provider.name, step });
    for (;;) {
      const next = await recorder.next();
      if (next.done) return next.value;
      yield { type: 'part', step, part: next.value };
    }
  }

  async function* loop(state: RunState, history: CanonicalMessage[], userMessage: CanonicalMessage): AsyncGenerator<AgentEvent, void> {
    const maxSteps = state.options.maxSteps ?? numberSetting(layers, 'agent.maxSteps', DEFAULT_MAX_STEPS);
    const timeoutMs = state.options.toolTimeoutMs ?? numberSetting(layers, 'agent.toolTimeoutMs', DEFAULT_TOOL_TIMEOUT_MS);
    const tools = await availableTools(state.options);
    const system = systemPrompt(layers.withSession(state.writer.sessionId), state.options.system);
    const messages: CanonicalMessage[] = [...history, userMessage];
    for (let step = 1; ; step++) {
      yield { type: 'step-start', step };
      const turn = yield* streamStep(state, step, messages, tools, system);
      state.metrics.push(turn.metrics);
      state.text += turn.text;
      yield { type: 'step-end', step, metrics: turn.metrics };
      if (turn.error) return yield finish(state, step, state.signal.aborted ? 'cancelled' : 'error', { code: `upstream-${turn.error.kind}`, message: turn.error.message });
      if (turn.metrics.finishReason !== 'tool-calls' || turn.toolCalls.length === 0) return yield finish(state, step, 'finished');
      const results = yield* runTools(state, step, turn.toolCalls, tools, timeoutMs);
      if (state.signal.aborted) return yield finish(state, step, 'cancelled');
      messages.push({ role: 'assistant', content: [...(turn.text ? [{ type: 'text' as const, text: turn.text }] : []), ...turn.toolCalls.map((call) => ({ type: 'tool-call' as const, id: call.id, name: call.name, input: call.input }))] });
      messages.push({ role: 'tool', content: results });
      if (step >= maxSteps) return yield finish(state, step, 'step-limit', { code: 'step-limit', message: `stopped after ${maxSteps} model calls (agent.maxSteps)` });
    }
  }

  return {
    async tools() {
      return [...(await availableTools({})).values()].map(({ tool, source }) => ({ source: source.name, name: tool.name, description: tool.description ?? null }));
    },
    async *run(options) {
      const signal = options.signal ?? new AbortController().signal;
      const startedAt = performance.now();
      const { writer, resolved, history } = await open({ ...options, signal });
      const attachments = options.attachments ?? [];
      // Files first, then the line that refers to them: a crash in between leaves an unused file, never a dangling ref.
      const refs = attachments.map((attachment) => writer.saveAttachment(attachment.name, attachment.mediaType, attachmentBytes(attachment)));
      writer.append({ type: 'user', text: options.prompt, ...(refs.length ? { attachments: refs } : {}), ...(options.skill ? { skill: options.skill } : {}) });
      const sent = new Map(refs.map((ref, index) => [ref, attachments[index]!]));
      const message = userMessage(options.prompt, refs, (ref) => attachmentPart(sent.get(ref)!));
      yield { type: 'session', sessionId: writer.sessionId, provider: resolved.provider.name, model: resolved.model.id, resumed: options.sessionId !== undefined };
      const state: RunState = { options, writer, resolved, signal, startedAt, metrics: [], text: '' };
      try {
        yield* loop(state, history, message);
      } catch (error) {
        // A provider refusing a later step (key revoked, model withdrawn, network gone): the run so far is kept.
        const code = isBskError(error) ? error.code : 'internal';
        yield finish(state, state.metrics.length || 1, signal.aborted ? 'cancelled' : 'error', { code, message: error instanceof Error ? error.message : String(error) });
      } finally {
        // Also when the caller stops iterating early.
        writer.close();
      }
    },
  };
}
