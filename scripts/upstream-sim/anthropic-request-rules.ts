import { asArray, asObject, asString, type JsonObject } from './json-access';
import { effectiveThinking, enforceClaude5Rules } from './claude-5-rules';
import { ANTHROPIC_RETIRED_MODELS } from './model-catalog';
import { SimRequestError } from './sim-request-error';

/**
 * Rules the Messages API enforces that clients of other protocols trip over, with the real
 * API's messages (as public error reports quote them). A gateway that translates must keep
 * to them; the simulator refuses what the API refuses, so tests of the translation can fail.
 */

/** Claude 4.x models take `temperature` or `top_p`, never both (Claude 3 took both). */
function refuseTemperatureWithTopP(body: JsonObject): void {
  const model = asString(body.model) ?? '';
  if (model.startsWith('claude-3') || body.temperature === undefined || body.top_p === undefined) return;
  throw new SimRequestError(400, '`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
}

/** With thinking on: no forced tool, no temperature but 1, no top_k, top_p only from 0.95 up. */
function refuseSamplingWithThinking(body: JsonObject): void {
  const choice = asString(asObject(body.tool_choice).type);
  if (choice === 'any' || choice === 'tool') throw new SimRequestError(400, 'Thinking may not be enabled when tool_choice forces tool use.');
  if (body.temperature !== undefined && body.temperature !== 1) throw new SimRequestError(400, '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking');
  if (body.top_k !== undefined) throw new SimRequestError(400, '`top_k` is not supported when thinking is enabled.');
  if (typeof body.top_p === 'number' && body.top_p < 0.95) throw new SimRequestError(400, '`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.');
}

/**
 * With thinking on, the assistant turn of the tool loop in progress (the last assistant turn,
 * when it called tools) must open with the thinking block Claude signed for it: Claude
 * continues that reasoning after the tool results.
 */
function refuseToolLoopWithoutThinking(messages: readonly JsonObject[]): void {
  const index = messages.findLastIndex((message) => message.role === 'assistant');
  if (index < 0 || index === messages.length - 1) return;
  const blocks = asArray(messages[index]!.content).map(asObject);
  if (!blocks.some((block) => block.type === 'tool_use')) return;
  const first = asString(blocks[0]?.type);
  if (first === 'thinking' || first === 'redacted_thinking') return;
  throw new SimRequestError(400, `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`);
}

/**
 * Structured outputs (platform.claude.com/docs/en/build-with-claude/structured-outputs): Claude
 * Sonnet 4.5, Opus 4.1 and 4.5 and Haiku 4.5 take them, and Sonnet 4.6, Opus 4.6 and 4.7 (Google
 * Cloud's list of Claude models taking them), as `output_config.format` or as the
 * beta's `output_format`, which needs `anthropic-beta: structured-outputs-2025-11-13`. Kept apart
 * from the gateway's catalog on purpose: a wrong entry there shows up as a refusal here.
 */
const STRUCTURED_OUTPUT_MODELS = /^claude-(sonnet-4-[56]|opus-4-[1567]|haiku-4-5)/;
const STRUCTURED_OUTPUTS_BETA = 'structured-outputs-2025-11-13';

/** Also on count_tokens, which takes structured outputs as create does. */
export function refuseUnsupportedOutputFormat(body: JsonObject, betas: readonly string[]): void {
  const beta = body.output_format !== undefined;
  if (beta && !betas.includes(STRUCTURED_OUTPUTS_BETA)) throw new SimRequestError(400, 'output_format: Extra inputs are not permitted');
  if (!beta && asObject(body.output_config).format === undefined) return;
  const model = asString(body.model) ?? '';
  if (!STRUCTURED_OUTPUT_MODELS.test(model)) throw new SimRequestError(400, `'${model}' does not support structured outputs.`);
}

/**
 * Context editing is a beta (platform.claude.com/docs/en/build-with-claude/context-editing): without
 * `anthropic-beta: context-management-2025-06-27` the field is unknown, on create and on count_tokens.
 */
const CONTEXT_MANAGEMENT_BETA = 'context-management-2025-06-27';

export function refuseContextManagementWithoutBeta(body: JsonObject, betas: readonly string[]): void {
  if (body.context_management !== undefined && !betas.includes(CONTEXT_MANAGEMENT_BETA)) throw new SimRequestError(400, 'context_management: Extra inputs are not permitted');
}

/** A retired model is not found, before anything else about the request is looked at. */
export function refuseRetiredModel(body: JsonObject): void {
  const model = asString(body.model);
  if (model !== undefined && ANTHROPIC_RETIRED_MODELS.has(model)) throw new SimRequestError(404, `model: ${model}`);
}

/** The `anthropic-beta` header's features. */
export function betasOf(header: string | string[] | undefined): string[] {
  return [header ?? []].flat().flatMap((value) => value.split(',')).map((beta) => beta.trim());
}

export function enforceMessagesRules(body: JsonObject, betas: readonly string[]): void {
  refuseTemperatureWithTopP(body);
  refuseUnsupportedOutputFormat(body, betas);
  refuseContextManagementWithoutBeta(body, betas);
  enforceClaude5Rules(body);
  const thinking = effectiveThinking(body);
  if (thinking !== 'enabled' && thinking !== 'adaptive') return;
  refuseSamplingWithThinking(body);
  // Asked for in the request only: adaptive thinking a model has on by default may leave a turn without it.
  if (body.thinking !== undefined) refuseToolLoopWithoutThinking(asArray(body.messages).map(asObject));
}
