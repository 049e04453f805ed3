import { deterministicId } from './deterministic';
import { asObject, type JsonObject } from './json-access';
import { type ChatFlavour, uuidFrom } from './openai-chat-flavours';
import type { ResponsePlan } from './response-planner';

/**
 * Servers an `openai-compatible` instance fronts, each as it answers Chat Completions; every
 * behaviour names where it is documented or reported. They answer errors in OpenAI's shape.
 */

function plainUsage(plan: ResponsePlan): JsonObject {
  const { inputTokens, outputTokens } = plan.usage;
  return { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
}

const asksForReasoning = (body: JsonObject): boolean => typeof body.reasoning_effort === 'string' || asObject(body.reasoning).effort !== undefined;

/**
 * Ollama's `/v1/chat/completions` (https://github.com/ollama/ollama/blob/main/openai/openai.go and
 * middleware/openai.go): the model's thinking as `reasoning`; ids `chatcmpl-<0..998>`, so
 * answers share them; usage in a last `choices: []` chunk only with `stream_options.include_usage`;
 * each tool call whole in a chunk of its own, every one at `index: 0` for a model without a
 * registered tool parser (https://github.com/ollama/ollama/issues/15457,
 * https://github.com/ollama/ollama/issues/15497).
 */
export const OLLAMA_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'library',
  wantsReasoning: asksForReasoning,
  reasoningContent: true,
  reasoningFields: (text) => ({ reasoning: text }),
  completionId: (plan) => `chatcmpl-${Number.parseInt(plan.seed.slice(0, 8), 16) % 999}`,
  usage: plainUsage,
  envelope: { system_fingerprint: 'fp_ollama' },
  toolOnlyContent: '',
  messageExtras: {},
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'separate-chunk',
  alwaysStreamsUsage: false,
  toolCallId: (call) => `call_${call.id.slice(0, 8).toLowerCase()}`,
  streamedToolCalls: 'whole-at-index-0',
};

/**
 * Ollama before v0.5.2, as many installs still run it: `stream_options` is ignored, so a stream
 * reports no usage at all (https://github.com/ollama/ollama/issues/5200; supported "since v0.5.2",
 * https://github.com/ogx-ai/ogx/pull/5011), and a streamed answer that called tools still
 * finishes with `stop` (fixed later by https://github.com/ollama/ollama/pull/7963; non-streamed
 * answers said `tool_calls` since https://github.com/ollama/ollama/pull/5995). No thinking yet.
 */
export const OLLAMA_0_5_1_FLAVOUR: ChatFlavour = {
  ...OLLAMA_FLAVOUR,
  wantsReasoning: () => false,
  reasoningContent: false,
  streamUsage: 'never',
  streamedToolCallFinish: 'stop',
};

/**
 * vLLM's OpenAI-compatible server: a reasoning parser's output as `reasoning_content`
 * (https://docs.vllm.ai/en/latest/features/reasoning_outputs.html); with
 * `stream_options.continuous_usage_stats` the running usage on every chunk, beside the last
 * `choices: []` one (`StreamOptions` in
 * https://github.com/vllm-project/vllm/blob/main/vllm/entrypoints/openai/protocol.py).
 */
export const VLLM_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'vllm',
  wantsReasoning: asksForReasoning,
  reasoningContent: true,
  completionId: (plan) => `chatcmpl-${deterministicId(plan.seed, 32)}`,
  usage: (plan) => ({ ...plainUsage(plan), prompt_tokens_details: null }),
  envelope: {},
  toolOnlyContent: null,
  messageExtras: {},
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'separate-chunk',
  alwaysStreamsUsage: false,
  toolCallId: (call) => `chatcmpl-tool-${call.id}`,
  continuousUsage: true,
};

/**
 * OpenRouter (https://openrouter.ai/docs/api-reference/streaming): `: OPENROUTER PROCESSING`
 * comment lines while the model starts; reasoning as `reasoning` with its `reasoning_details`
 * (https://openrouter.ai/docs/use-cases/reasoning-tokens); usage with its `cost` in USD
 * (https://openrouter.ai/docs/use-cases/usage-accounting); an error once the model is answering
 * as a 200 whose body is the error, and in a stream as a chunk with the error beside a choice
 * finished `error`, its numeric `code` the HTTP status it stands for
 * (https://openrouter.ai/docs/api-reference/errors).
 */
export const OPENROUTER_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'openrouter',
  wantsReasoning: asksForReasoning,
  reasoningContent: true,
  reasoningFields: (text) => ({ reasoning: text, reasoning_details: [{ type: 'reasoning.text', text, format: 'unknown', index: 0 }] }),
  completionId: (plan) => `gen-1767225600-${deterministicId(plan.seed, 20)}`,
  usage: (plan) => ({
    ...plainUsage(plan),
    cost: (plan.usage.inputTokens + plan.usage.outputTokens) * 1e-7,
    prompt_tokens_details: { cached_tokens: plan.usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: plan.usage.reasoningTokens },
  }),
  envelope: { provider: 'OpenAI' },
  toolOnlyContent: '',
  messageExtras: { refusal: null },
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'separate-chunk',
  alwaysStreamsUsage: false,
  toolCallId: (call) => `call_${call.id}`,
  leadingComments: ['OPENROUTER PROCESSING', 'OPENROUTER PROCESSING'],
  errorsInBody: true,
};

/**
 * Groq (https://console.groq.com/docs/api-reference): a stream reports its usage inside `x_groq`
 * on the finishing chunk, `x_groq: { id, usage: { queue_time, prompt_tokens, prompt_time, ... } }`,
 * and no `usage` of its own (https://github.com/vercel/ai/issues/1651; Groq later also sends the
 * standard `choices: []` chunk when `stream_options.include_usage` asks, beside `x_groq`,
 * https://github.com/Portkey-AI/gateway/issues/1338: played here as first reported). Ids are
 * `chatcmpl-<uuid>`; usage carries Groq's timings.
 */
export const GROQ_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'groq',
  wantsReasoning: () => false,
  reasoningContent: false,
  completionId: (plan) => `chatcmpl-${uuidFrom(plan.seed)}`,
  usage: (plan) => ({ queue_time: 0.0421, ...plainUsage(plan), prompt_time: 0.0016, completion_time: 0.0583, total_time: 0.0599 }),
  envelope: { system_fingerprint: 'fp_179b0f92c9' },
  toolOnlyContent: null,
  messageExtras: {},
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'x-groq',
  alwaysStreamsUsage: true,
  toolCallId: (call) => `call_${call.id.slice(0, 8).toLowerCase()}`,
};

/**
 * A server that sends only what a client cannot do without, as several do: no `id` on answers or
 * chunks (OpenVINO Model Server's streams, https://github.com/openvinotoolkit/model_server/issues/3553;
 * Gemini's OpenAI-compatible endpoint for a while, https://github.com/softwaremill/sttp-ai/issues/338),
 * tool calls without one (llama.cpp's server, https://github.com/ggml-org/llama.cpp/issues/11992;
 * NVIDIA NIM's streams, https://github.com/anomalyco/opencode/pull/25925), no `usage` on a
 * non-streamed answer (https://github.com/coddy-project/coddy-agent/issues/321), and
 * `stream_options` ignored, so no usage in a stream either (TGI,
 * https://github.com/huggingface/text-generation-inference/issues/2531).
 */
export const BARE_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  ownedBy: 'system',
  wantsReasoning: () => false,
  reasoningContent: false,
  completionId: () => null,
  usage: plainUsage,
  answersWithoutUsage: true,
  envelope: {},
  toolOnlyContent: null,
  messageExtras: {},
  firstDelta: () => ({ role: 'assistant', content: '' }),
  streamUsage: 'never',
  alwaysStreamsUsage: false,
  toolCallId: () => null,
};
