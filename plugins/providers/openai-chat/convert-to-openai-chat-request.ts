import type { ModelInfo } from '../../../kernel/canonical/model';
import { type CanonicalRequest, type ModelReasoningEffort, type ReasoningConfig, type ReasoningEffort, type ResponseFormat, type ToolChoice, type ToolDefinition } from '../../../kernel/canonical/request';
import { fitReasoningEffort } from '../shared/fit-reasoning-effort';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages';
import { withJsonSchemaAsInstruction } from './json-schema-as-instruction';
import { FIXED_SAMPLING_FIELDS, type OpenAIChatPreset, type OpenAIChatWireShape } from './openai-chat-preset';
import type { OpenAIChatMessage, OpenAIChatRequestBody, OpenAIChatResponseFormat, OpenAIChatTool, OpenAIChatToolChoice } from './openai-chat-wire';
import { fitStrict } from './strict-schema-rules';
import { switchedEffort, thinkingWanted } from './thinking-switch';
import { TOOL_LOOP_THINKING_OFF_WARNING, toolCallLacksReasoning } from './tool-loop-reasoning';

function convertTool(tool: ToolDefinition): OpenAIChatTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema,
      ...(tool.strict === undefined ? {} : { strict: fitStrict(tool.strict, tool.inputSchema) }),
    },
  };
}

function convertToolChoice(choice: ToolChoice): OpenAIChatToolChoice {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function convertResponseFormat(format: ResponseFormat): OpenAIChatResponseFormat | undefined {
  if (format.type === 'json-object') return { type: 'json_object' };
  if (format.type === 'text') return undefined;
  const { name, schema, description } = format;
  const strict = fitStrict(format.strict, schema);
  return { type: 'json_schema', json_schema: { name, schema, ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }) } };
}

/**
 * The efforts a model takes when its catalog entry does not list them (`reasoningEfforts`): the
 * four every server with a `reasoning_effort` has taken since OpenAI's o-series, so `xhigh` and
 * `max` reach only a model whose entry lists them.
 */
const CLASSIC_EFFORTS: readonly ModelReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

/**
 * OpenAI takes an effort, Anthropic clients send a thinking budget: a budget maps to the
 * effort that spends about as much, so a Claude-style request still reasons on GPT-5. Thinking
 * turned off gets the model's lowest effort (its catalog's `reasoningEfforts`): `none` where the
 * model takes it, else as little as a model that always reasons allows, rather than its default;
 * no thinking config is the default. An effort the model does not take is fitted
 * (fit-reasoning-effort.ts), with a warning.
 */
export function mapReasoningEffort(reasoning: ReasoningConfig | undefined, model: ModelInfo, warnings: string[] = []): ModelReasoningEffort | undefined {
  if (reasoning === undefined) return undefined;
  if (!reasoning.enabled) return model.reasoningEfforts?.[0];
  const effort = reasoning.effort ?? effortForBudget(reasoning.budgetTokens);
  return effort && fitReasoningEffort(effort, model.reasoningEfforts ?? CLASSIC_EFFORTS, model.id, warnings);
}

function effortForBudget(budgetTokens: number | undefined): ReasoningEffort | undefined {
  if (budgetTokens === undefined) return undefined;
  if (budgetTokens <= 2048) return 'low';
  return budgetTokens <= 16384 ? 'medium' : 'high';
}

/**
 * How the request asks the upstream to reason: OpenAI's `reasoning_effort`, or a thinking switch
 * and its effort. Thinking (asked for, or the switch's default) goes off when the upstream would
 * refuse it for a tool call sent without its reasoning (tool-loop-reasoning.ts).
 */
function reasoningFields(reasoning: ReasoningConfig | undefined, model: ModelInfo, shape: OpenAIChatWireShape, messages: readonly OpenAIChatMessage[], warnings: string[]): Pick<OpenAIChatRequestBody, 'reasoning_effort' | 'thinking'> {
  if (!shape.thinkingSwitch) return { reasoning_effort: mapReasoningEffort(reasoning, model, warnings) };
  const wanted = thinkingWanted(reasoning, model);
  if (wanted?.enabled !== false && shape.toolCallsNeedReasoning && toolCallLacksReasoning(messages)) {
    warnings.push(TOOL_LOOP_THINKING_OFF_WARNING);
    return { thinking: { type: 'disabled' } };
  }
  if (wanted === undefined) return {};
  if (!wanted.enabled) return { thinking: { type: 'disabled' } };
  // The switch's own efforts (low / high) stand for the canonical ones; a model's OpenAI effort list does not apply.
  const effort = wanted.effort ?? effortForBudget(wanted.budgetTokens);
  return { thinking: { type: 'enabled' }, reasoning_effort: effort && switchedEffort(effort) };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** The canonical request as a Chat Completions body for `model` on the preset's upstream; what it had to change goes to `warnings`. */
export function convertToOpenAIChatRequest(request: CanonicalRequest, model: ModelInfo, preset: OpenAIChatPreset, warnings: string[] = []): OpenAIChatRequestBody {
  const shape = preset.wireShape(model.upstreamId);
  const messages = convertToOpenAIChatMessages(request.system, request.messages, { provider: model.provider, systemRole: shape.systemRole, sendReasoningBack: preset.sendReasoningBack });
  const body: OpenAIChatRequestBody = dropUndefined({
    model: model.upstreamId,
    messages,
    tools: request.tools.length ? request.tools.map(convertTool) : undefined,
    // OpenAI refuses `tool_choice` and `parallel_tool_calls` on a request without tools.
    tool_choice: request.tools.length && request.toolChoice ? convertToolChoice(request.toolChoice) : undefined,
    parallel_tool_calls: request.tools.length ? request.parallelToolCalls : undefined,
    response_format: request.responseFormat && convertResponseFormat(request.responseFormat),
    [shape.maxTokensField]: request.maxTokens,
    // Past the upstream's limit the first ones are kept: an Anthropic client may send more stop sequences than OpenAI takes.
    stop: request.stop.length ? request.stop.slice(0, shape.maxStopSequences ?? request.stop.length) : undefined,
    temperature: request.temperature,
    top_p: request.topP,
    seed: request.seed,
    user: request.metadata.userId,
    ...reasoningFields(request.reasoning, model, shape, messages, warnings),
    stream: request.stream,
    stream_options: request.stream ? { include_usage: true } : undefined,
  });
  for (const field of [...shape.unsupportedFields, ...(shape.fixedSampling ? FIXED_SAMPLING_FIELDS : [])]) delete body[field];
  return withJsonSchemaAsInstruction(body, model);
}
