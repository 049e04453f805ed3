import { deterministicId, hashText } from './deterministic';
import { asObject, asString, type JsonObject } from './json-access';
import { kimiThinks } from './kimi-thinking';
import type { PlannedToolCall, ResponsePlan } from './response-planner';

/**
 * What differs between OpenAI and the OpenAI-compatible providers on the same wire: reasoning
 * fields, usage fields, where a stream reports usage. Each follows its recordings.
 */
export interface ChatFlavour {
  readonly provider: 'openai' | 'deepseek' | 'kimi';
  readonly ownedBy: string;
  wantsReasoning(body: JsonObject): boolean;
  /** Whether reasoning travels as `reasoning_content` (DeepSeek, Kimi) or only as a token count (OpenAI). */
  readonly reasoningContent: boolean;
  /** The answer's `id`; null for a server that sends none. */
  completionId(plan: ResponsePlan): string | null;
  usage(plan: ResponsePlan): JsonObject;
  /** Whether a non-streamed answer leaves `usage` out. */
  readonly answersWithoutUsage?: boolean;
  /** Fields beside `choices` on every completion and chunk. */
  readonly envelope: JsonObject;
  /** `content` of a message that only calls tools. */
  readonly toolOnlyContent: string | null;
  /** Fields an assistant message always carries. */
  readonly messageExtras: JsonObject;
  firstDelta(hasReasoning: boolean): JsonObject;
  /**
   * Where a stream reports usage: a last chunk with no choices (OpenAI), on the finishing chunk,
   * inside `x_groq` on the finishing chunk (Groq), or nowhere (a server that ignores `stream_options`).
   */
  readonly streamUsage: 'separate-chunk' | 'finish-chunk' | 'x-groq' | 'never';
  /** Whether usage is streamed without `stream_options.include_usage` (Kimi always sends it). */
  readonly alwaysStreamsUsage: boolean;
  /**
   * The id of a tool call; `ordinal` counts the conversation's tool calls before it (earlier
   * turns' and this answer's). Null for a server that sends none.
   */
  toolCallId(call: PlannedToolCall, ordinal: number): string | null;
  /** The reasoning fields of a message or delta (default: DeepSeek's `reasoning_content`). */
  reasoningFields?(text: string): JsonObject;
  /**
   * How a stream carries tool calls: split (the name, then the arguments in pieces, each call at
   * its position) or whole, one call a chunk, every one at `index: 0`.
   */
  readonly streamedToolCalls?: 'split' | 'whole-at-index-0';
  /** `finish_reason` of a streamed answer that called tools, where the server does not say `tool_calls`. */
  readonly streamedToolCallFinish?: string;
  /** Whether `stream_options.continuous_usage_stats` puts the running usage on every chunk. */
  readonly continuousUsage?: boolean;
  /** SSE comment lines the server sends before the first chunk while the model starts. */
  readonly leadingComments?: readonly string[];
  /**
   * Whether an error once the model is answering comes as a 200 with the error as its body, and a
   * stream's as a chunk with a numeric `error.code` (Route.errorsInBody).
   */
  readonly errorsInBody?: boolean;
}

const callId = (call: PlannedToolCall) => `call_${call.id}`;

/** DeepSeek's V4 models think unless the request turns thinking off (https://api-docs.deepseek.com/guides/thinking_mode). */
function thinkingNotDisabled(body: JsonObject): boolean {
  return asString(asObject(body.thinking).type) !== 'disabled';
}

function baseUsage(plan: ResponsePlan): JsonObject {
  const { inputTokens, outputTokens } = plan.usage;
  // OpenAI-style prompt_tokens include cached tokens; completion_tokens include reasoning.
  return { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
}

export function uuidFrom(seed: string): string {
  const hex = hashText(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const OPENAI_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'openai',
  wantsReasoning: (body) => typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none',
  reasoningContent: false,
  completionId: (plan) => `chatcmpl-sim${deterministicId(plan.seed, 26)}`,
  usage: (plan) => ({
    ...baseUsage(plan),
    prompt_tokens_details: { cached_tokens: plan.usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: plan.usage.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  }),
  envelope: { service_tier: 'default', system_fingerprint: 'fp_simulated' },
  toolOnlyContent: null,
  messageExtras: { refusal: null, annotations: [] },
  firstDelta: () => ({ role: 'assistant', content: '', refusal: null }),
  streamUsage: 'separate-chunk',
  alwaysStreamsUsage: false,
  toolCallId: callId,
};

export const DEEPSEEK_FLAVOUR: ChatFlavour = {
  provider: 'deepseek',
  ownedBy: 'deepseek',
  wantsReasoning: thinkingNotDisabled,
  reasoningContent: true,
  completionId: (plan) => uuidFrom(plan.seed),
  usage: (plan) => ({
    ...baseUsage(plan),
    prompt_tokens_details: { cached_tokens: plan.usage.cachedInputTokens },
    ...(plan.usage.reasoningTokens > 0 ? { completion_tokens_details: { reasoning_tokens: plan.usage.reasoningTokens } } : {}),
    prompt_cache_hit_tokens: plan.usage.cachedInputTokens,
    prompt_cache_miss_tokens: plan.usage.inputTokens - plan.usage.cachedInputTokens,
  }),
  envelope: { system_fingerprint: 'fp_simulated_prod0820_fp8_kvcache' },
  toolOnlyContent: '',
  messageExtras: {},
  firstDelta: (hasReasoning) => (hasReasoning ? { role: 'assistant', content: null, reasoning_content: '' } : { role: 'assistant', content: '' }),
  streamUsage: 'finish-chunk',
  alwaysStreamsUsage: false,
  toolCallId: callId,
};

export const KIMI_FLAVOUR: ChatFlavour = {
  provider: 'kimi',
  ownedBy: 'moonshot',
  wantsReasoning: kimiThinks,
  reasoningContent: true,
  completionId: (plan) => `chatcmpl-sim${deterministicId(plan.seed)}`,
  usage: (plan) => ({
    ...baseUsage(plan),
    ...(plan.usage.cachedInputTokens > 0 ? { cached_tokens: plan.usage.cachedInputTokens } : {}),
    ...(plan.usage.reasoningTokens > 0 ? { completion_tokens_details: { reasoning_tokens: plan.usage.reasoningTokens } } : {}),
  }),
  envelope: {},
  toolOnlyContent: null,
  messageExtras: {},
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'finish-chunk',
  alwaysStreamsUsage: true,
  // Kimi K2 names a call after its function and its place among the conversation's calls:
  // `functions.get_weather:0`, and `functions.get_weather:1` for the next turn's call.
  toolCallId: (call, ordinal) => `functions.${call.name}:${ordinal}`,
};
