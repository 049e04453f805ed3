import { SIMULATED_CREATED_AT, answerKey, deterministicId } from './deterministic';
import type { Directives } from './directives';
import type { FixtureStore } from './fixture-store';
import { asArray, asObject, type JsonObject } from './json-access';
import { openAiModelList } from './model-catalog';
import { chatDirectiveText, readChatConversation } from './openai-chat-conversation';
import { DEEPSEEK_FLAVOUR, KIMI_FLAVOUR, OPENAI_FLAVOUR, type ChatFlavour } from './openai-chat-flavours';
import { BARE_FLAVOUR, GROQ_FLAVOUR, OLLAMA_0_5_1_FLAVOUR, OLLAMA_FLAVOUR, OPENROUTER_FLAVOUR, VLLM_FLAVOUR } from './openai-compatible-flavours';
import { enforceChatRules } from './openai-chat-request-rules';
import { requireJsonObject } from './read-request-body';
import { jsonReply, sseReply, type Reply, type SseFrame } from './reply';
import { planResponse, splitIntoPieces, type PlannedToolCall, type ResponsePlan } from './response-planner';
import type { Route } from './route';

const REASONING_MODEL = /^(o\d|gpt-5)/;

/** How many tool calls the request's assistant messages made: the answer's calls are numbered after them. */
function earlierToolCalls(request: JsonObject): number {
  return asArray(request.messages).map(asObject).filter((message) => message.role === 'assistant').reduce((count, message) => count + asArray(message.tool_calls).length, 0);
}

/** An `id` field, or none for a server that sends none. */
function idField(id: string | null): JsonObject {
  return id === null ? {} : { id };
}

function toolCallsOf(calls: readonly PlannedToolCall[], flavour: ChatFlavour, earlierCalls: number): JsonObject[] {
  return calls.map((call, index) => ({ ...idField(flavour.toolCallId(call, earlierCalls + index)), type: 'function', function: { name: call.name, arguments: call.argumentsJson } }));
}

function reasoningFields(flavour: ChatFlavour, text: string): JsonObject {
  return flavour.reasoningFields?.(text) ?? { reasoning_content: text };
}

function buildMessage(plan: ResponsePlan, flavour: ChatFlavour, earlierCalls: number): JsonObject {
  const hasCalls = plan.toolCalls.length > 0;
  const text = plan.text.join('');
  return {
    role: 'assistant',
    content: hasCalls && !text ? flavour.toolOnlyContent : text,
    ...(flavour.reasoningContent && plan.reasoning.length > 0 ? reasoningFields(flavour, plan.reasoning.join('')) : {}),
    ...(hasCalls ? { tool_calls: toolCallsOf(plan.toolCalls, flavour, earlierCalls) } : {}),
    ...flavour.messageExtras,
  };
}

export function buildChatCompletion(plan: ResponsePlan, model: string, flavour: ChatFlavour, earlierCalls: number): unknown {
  return {
    ...idField(flavour.completionId(plan)),
    object: 'chat.completion',
    created: SIMULATED_CREATED_AT,
    model,
    choices: [{ index: 0, message: buildMessage(plan, flavour, earlierCalls), logprobs: null, finish_reason: plan.finish }],
    ...(flavour.answersWithoutUsage ? {} : { usage: flavour.usage(plan) }),
    ...flavour.envelope,
  };
}

function toolCallDeltas(plan: ResponsePlan, flavour: ChatFlavour, earlierCalls: number): JsonObject[] {
  const deltas: JsonObject[] = [];
  plan.toolCalls.forEach((call, index) => {
    const id = idField(flavour.toolCallId(call, earlierCalls + index));
    if (flavour.streamedToolCalls === 'whole-at-index-0') {
      deltas.push({ role: 'assistant', content: '', tool_calls: [{ ...id, index: 0, type: 'function', function: { name: call.name, arguments: call.argumentsJson } }] });
      return;
    }
    deltas.push({ tool_calls: [{ index, ...id, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of splitIntoPieces(call.argumentsJson, 24)) deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  return deltas;
}

function streamDeltas(plan: ResponsePlan, flavour: ChatFlavour, earlierCalls: number): JsonObject[] {
  const reasoning = flavour.reasoningContent ? plan.reasoning : [];
  const deltas: JsonObject[] = [flavour.firstDelta(reasoning.length > 0)];
  for (const piece of reasoning) deltas.push(reasoningFields(flavour, piece));
  for (const piece of plan.text) deltas.push({ content: piece });
  return [...deltas, ...toolCallDeltas(plan, flavour, earlierCalls)];
}

export interface ChatStreamOptions {
  /** `stream_options.include_usage` */
  readonly includeUsage: boolean;
  /** `stream_options.continuous_usage_stats` (vLLM): the running usage on every chunk. */
  readonly continuousUsage?: boolean;
}

/** The usage so far after `delivered` of the answer's deltas: what a continuous usage report says then. */
function runningUsage(plan: ResponsePlan, delivered: number): JsonObject {
  const completion = Math.min(delivered, plan.usage.outputTokens);
  return { prompt_tokens: plan.usage.inputTokens, completion_tokens: completion, total_tokens: plan.usage.inputTokens + completion };
}

/** What the finishing chunk carries of the usage, where the flavour reports it there. */
function finishChunkUsage(plan: ResponsePlan, flavour: ChatFlavour, continuous: boolean): JsonObject | undefined {
  if (flavour.streamUsage === 'finish-chunk' || continuous) return { usage: flavour.usage(plan) };
  // Groq's request id beside the usage (https://github.com/vercel/ai/issues/1651).
  if (flavour.streamUsage === 'x-groq') return { x_groq: { id: `req_${deterministicId(plan.seed, 26).toLowerCase()}`, usage: flavour.usage(plan) } };
  return undefined;
}

export function buildChatStream(plan: ResponsePlan, model: string, flavour: ChatFlavour, options: ChatStreamOptions, earlierCalls: number): SseFrame[] {
  const reportsUsage = flavour.streamUsage !== 'never' && (options.includeUsage || flavour.alwaysStreamsUsage);
  const continuous = reportsUsage && options.continuousUsage === true && flavour.continuousUsage === true;
  const base = { ...idField(flavour.completionId(plan)), object: 'chat.completion.chunk', created: SIMULATED_CREATED_AT, model, ...flavour.envelope };
  const usageSlot = reportsUsage && !flavour.alwaysStreamsUsage ? { usage: null } : {};
  const chunk = (delta: JsonObject, finishReason: string | null, extra: JsonObject = usageSlot): unknown =>
    ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra });
  const chunks = streamDeltas(plan, flavour, earlierCalls).map((delta, index) => chunk(delta, null, continuous ? { usage: runningUsage(plan, index) } : usageSlot));
  const finishUsage = reportsUsage ? finishChunkUsage(plan, flavour, continuous) ?? usageSlot : usageSlot;
  const finish = plan.toolCalls.length > 0 && flavour.streamedToolCallFinish ? flavour.streamedToolCallFinish : plan.finish;
  chunks.push(chunk({}, finish, finishUsage));
  if (reportsUsage && flavour.streamUsage === 'separate-chunk') chunks.push({ ...base, choices: [], usage: flavour.usage(plan) });
  const comments = (flavour.leadingComments ?? []).map((text) => ({ data: text, comment: true }));
  return [...comments, ...chunks.map((payload) => ({ data: JSON.stringify(payload) })), { data: '[DONE]' }];
}

function createChatCompletion(flavour: ChatFlavour, body: unknown, directives: Directives, fixtures: FixtureStore): Reply {
  const request = requireJsonObject(body);
  // The real API refuses the legacy parameter on reasoning models, with this exact body.
  if (flavour === OPENAI_FLAVOUR && REASONING_MODEL.test(String(request.model)) && request.max_tokens !== undefined) {
    return jsonReply(fixtures.readJson('openai/reasoning-model-legacy-parameter-error'), 400);
  }
  enforceChatRules(flavour, request);
  const conversation = readChatConversation(request, flavour.wantsReasoning(request));
  const plan = planResponse(conversation, directives, answerKey(request));
  const earlierCalls = earlierToolCalls(request);
  // The body, and every chunk, names the model that answered.
  const answeredBy = directives.answerAs ?? conversation.model;
  if (request.stream !== true) return jsonReply(buildChatCompletion(plan, answeredBy, flavour, earlierCalls));
  const streamOptions = asObject(request.stream_options);
  const options = { includeUsage: streamOptions.include_usage === true, continuousUsage: streamOptions.continuous_usage_stats === true };
  return sseReply('openai', buildChatStream(plan, answeredBy, flavour, options, earlierCalls));
}

function chatRoutes(prefix: string, flavour: ChatFlavour, models: readonly string[]): Route[] {
  return [
    {
      method: 'POST', pattern: new RegExp(`^${prefix}/chat/completions$`), provider: flavour.provider, errorsInBody: flavour.errorsInBody === true,
      directiveText: (request) => chatDirectiveText(request.body),
      fixtureMode: (request) => (asObject(request.body).stream === true ? 'openai' : 'json'),
      handle: (request, directives, services) => createChatCompletion(flavour, request.body, directives, services.fixtures),
    },
    { method: 'GET', pattern: new RegExp(`^${prefix}/models$`), provider: flavour.provider, handle: () => jsonReply(openAiModelList(models, flavour.ownedBy)) },
  ];
}

export function openAiChatRoutes(models: { openai: readonly string[]; deepseek: readonly string[]; kimi: readonly string[] }): Route[] {
  return [
    ...chatRoutes('/openai/v1', OPENAI_FLAVOUR, models.openai),
    // DeepSeek documents both https://api.deepseek.com and https://api.deepseek.com/v1 as base URLs.
    ...chatRoutes('/deepseek(?:/v1)?', DEEPSEEK_FLAVOUR, models.deepseek),
    ...chatRoutes('/moonshot/v1', KIMI_FLAVOUR, models.kimi),
    // Servers an openai-compatible instance fronts: any model id is answered, `/models` lists none.
    ...chatRoutes('/ollama/v1', OLLAMA_FLAVOUR, []),
    ...chatRoutes('/ollama-0.5.1/v1', OLLAMA_0_5_1_FLAVOUR, []),
    ...chatRoutes('/vllm/v1', VLLM_FLAVOUR, []),
    ...chatRoutes('/openrouter/api/v1', OPENROUTER_FLAVOUR, []),
    ...chatRoutes('/groq/openai/v1', GROQ_FLAVOUR, []),
    ...chatRoutes('/bare/v1', BARE_FLAVOUR, []),
  ];
}
