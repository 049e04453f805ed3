import { SIMULATED_CREATED_AT, hashText } from './deterministic';
import { asArray, asObject, type JsonObject } from './json-access';
import { encryptReasoning } from './openai-reasoning-encryption';
import { customToolNames, isReasoningModel } from './openai-responses-conversation';
import type { PlannedToolCall, ResponsePlan } from './response-planner';

/** A planned answer with its output items, which the JSON body and the stream both show. */
export interface ResponsesAnswer {
  readonly plan: ResponsePlan;
  readonly request: JsonObject;
  readonly output: readonly JsonObject[];
  /** The model the response names as the one that answered: the one asked for, unless `[[answer-as:...]]` says another. */
  readonly model: unknown;
}

const SUMMARY_STYLES = new Set(['auto', 'concise', 'detailed']);

/** OpenAI's ids are a type prefix and 50 hex digits; these derive from the request. */
function openAiId(prefix: string, plan: ResponsePlan, label: string): string {
  return `${prefix}_${hashText(`${plan.seed}:${label}`).slice(0, 50)}`;
}

export function outputTextPart(text: string): JsonObject {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/** The reasoning shows only as a summary (when asked for) and, sealed, as `encrypted_content` (when included). */
function reasoningItem(plan: ResponsePlan, request: JsonObject): JsonObject {
  const id = openAiId('rs', plan, 'reasoning');
  const text = plan.reasoning.join('');
  const sealed = asArray(request.include).includes('reasoning.encrypted_content') ? { encrypted_content: encryptReasoning(id, text) } : {};
  const summary = SUMMARY_STYLES.has(String(asObject(request.reasoning).summary)) ? [{ type: 'summary_text', text }] : [];
  return { id, type: 'reasoning', ...sealed, summary };
}

function messageItem(plan: ResponsePlan): JsonObject {
  const status = plan.finish === 'length' ? 'incomplete' : 'completed';
  return { id: openAiId('msg', plan, 'message'), type: 'message', status, content: [outputTextPart(plan.text.join(''))], role: 'assistant' };
}

/** A custom tool's input is the raw text the planner generated as its "arguments". */
function toolCallItem(plan: ResponsePlan, call: PlannedToolCall, index: number, customTools: ReadonlySet<string>): JsonObject {
  const callId = `call_${call.id}`;
  if (customTools.has(call.name)) {
    return { id: openAiId('ctc', plan, `tool:${index}`), type: 'custom_tool_call', status: 'completed', call_id: callId, name: call.name, input: String(call.arguments) };
  }
  return { id: openAiId('fc', plan, `tool:${index}`), type: 'function_call', status: 'completed', arguments: call.argumentsJson, call_id: callId, name: call.name };
}

export function planResponsesAnswer(plan: ResponsePlan, request: JsonObject, answerAs?: string): ResponsesAnswer {
  const customTools = customToolNames(request);
  const output = [
    ...(plan.reasoning.length > 0 ? [reasoningItem(plan, request)] : []),
    ...(plan.text.length > 0 ? [messageItem(plan)] : []),
    ...plan.toolCalls.map((call, index) => toolCallItem(plan, call, index, customTools)),
  ];
  return { plan, request, output, model: answerAs ?? request.model };
}

/** `input_tokens` includes the cached ones and `output_tokens` the reasoning, as OpenAI counts them. */
function usageOf(plan: ResponsePlan): JsonObject {
  const { inputTokens, cachedInputTokens, outputTokens, reasoningTokens } = plan.usage;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedInputTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/** A response asks for a tier (`auto` by default) while in progress and reports the one it ran on when done. */
function serviceTier(requested: unknown, done: boolean): unknown {
  const asked = requested ?? 'auto';
  return done && asked === 'auto' ? 'default' : asked;
}

/**
 * The response object: the JSON body, and what `response.created` / `in_progress` (not `done`:
 * no output, no usage yet) and `response.completed` / `incomplete` carry. Unset request fields
 * are echoed with OpenAI's defaults.
 */
export function buildResponseObject(answer: ResponsesAnswer, done: boolean): JsonObject {
  const { plan, request } = answer;
  const truncated = done && plan.finish === 'length';
  const reasoning = asObject(request.reasoning);
  const text = asObject(request.text);
  return {
    id: openAiId('resp', plan, 'response'),
    object: 'response',
    created_at: SIMULATED_CREATED_AT,
    status: done ? (truncated ? 'incomplete' : 'completed') : 'in_progress',
    background: false,
    error: null,
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    model: answer.model,
    output: done ? answer.output : [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: reasoning.effort ?? (isReasoningModel(String(request.model)) ? 'medium' : null), summary: reasoning.summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: serviceTier(request.service_tier, done),
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: done ? usageOf(plan) : null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}
