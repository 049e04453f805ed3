import { anthropicDirectiveText, readAnthropicConversation } from './anthropic-conversation';
import { countAnthropicTokens } from './anthropic-count-tokens';
import { betasOf, enforceMessagesRules, refuseRetiredModel } from './anthropic-request-rules';
import { omitsThinkingText } from './claude-5-rules';
import { answerKey, deterministicId, deterministicSignature } from './deterministic';
import { asObject, asString } from './json-access';
import { MODEL_CATALOG } from './model-catalog';
import { requireJsonObject } from './read-request-body';
import { jsonReply, payloadFrame, sseReply, type Reply, type SseFrame } from './reply';
import { planResponse, splitIntoPieces, type ResponsePlan } from './response-planner';
import type { Route, SimRequest } from './route';
import { SimRequestError } from './sim-request-error';

const STOP_REASONS = { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' } as const;

type ContentBlock = Record<string, unknown>;

function usageOf(plan: ResponsePlan, outputTokens: number): Record<string, unknown> {
  // Anthropic's input_tokens excludes what was read from and written to the cache; the
  // writes are split by cache lifetime, as the real API reports them.
  const { inputTokens, cachedInputTokens, cacheWriteTokens, cacheWrite1hTokens } = plan.usage;
  return {
    input_tokens: inputTokens - cachedInputTokens - cacheWriteTokens,
    cache_creation_input_tokens: cacheWriteTokens,
    cache_read_input_tokens: cachedInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: cacheWriteTokens - cacheWrite1hTokens, ephemeral_1h_input_tokens: cacheWrite1hTokens },
    output_tokens: outputTokens,
  };
}

/** How the answer shows its thinking: in full, or (`display: "omitted"`) as a signed block with empty text, still billed. */
type ThinkingDisplay = 'full' | 'omitted';

function contentBlocks(plan: ResponsePlan, display: ThinkingDisplay): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const thinking = plan.reasoning.join('');
  if (thinking) blocks.push({ type: 'thinking', thinking: display === 'omitted' ? '' : thinking, signature: deterministicSignature(plan.seed + thinking) });
  if (plan.text.length > 0) blocks.push({ type: 'text', text: plan.text.join('') });
  for (const call of plan.toolCalls) blocks.push({ type: 'tool_use', id: `toolu_sim${call.id}`, name: call.name, input: call.arguments });
  return blocks;
}

function messageEnvelope(plan: ResponsePlan, model: string): Record<string, unknown> {
  return { id: `msg_sim${deterministicId(plan.seed)}`, type: 'message', role: 'assistant', model };
}

export function buildAnthropicMessage(plan: ResponsePlan, model: string, display: ThinkingDisplay): unknown {
  return {
    ...messageEnvelope(plan, model),
    content: contentBlocks(plan, display),
    stop_reason: STOP_REASONS[plan.finish],
    stop_sequence: null,
    usage: { ...usageOf(plan, plan.usage.outputTokens), service_tier: 'standard' },
  };
}

/** The deltas that stream one content block, after its start event. */
function blockDeltas(block: ContentBlock, plan: ResponsePlan): unknown[] {
  if (block.type === 'thinking') {
    const text = block.thinking === '' ? [] : plan.reasoning.map((thinking) => ({ type: 'thinking_delta', thinking }));
    return [...text, { type: 'signature_delta', signature: block.signature }];
  }
  if (block.type === 'text') return plan.text.map((text) => ({ type: 'text_delta', text }));
  const json = JSON.stringify(block.input);
  return ['', ...splitIntoPieces(json, 24)].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
}

function blockStart(block: ContentBlock): ContentBlock {
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  if (block.type === 'text') return { type: 'text', text: '' };
  return { ...block, input: {} };
}

export function buildAnthropicStream(plan: ResponsePlan, model: string, display: ThinkingDisplay): SseFrame[] {
  const events: unknown[] = [{
    type: 'message_start',
    message: { ...messageEnvelope(plan, model), content: [], stop_reason: null, stop_sequence: null, usage: { ...usageOf(plan, 1), service_tier: 'standard' } },
  }];
  contentBlocks(plan, display).forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: blockStart(block) });
    if (index === 0) events.push({ type: 'ping' });
    for (const delta of blockDeltas(block, plan)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: STOP_REASONS[plan.finish], stop_sequence: null }, usage: usageOf(plan, plan.usage.outputTokens) });
  events.push({ type: 'message_stop' });
  return events.map((event) => payloadFrame(event, 'anthropic'));
}

/**
 * Blocks the API refuses, naming the first, as public error reports show: tool ids holding more
 * than letters, digits, `_` and `-`, and a thinking block without a signature (one the model
 * did not sign: reasoning from another provider).
 */
function refuseMalformedBlocks(messages: readonly unknown[]): void {
  messages.forEach((message, index) => {
    const content = asObject(message).content;
    if (!Array.isArray(content)) return;
    content.forEach((value: unknown, at: number) => {
      const block = asObject(value);
      if (block.type === 'thinking' && !asString(block.signature)) throw new SimRequestError(400, `messages.${index}.content.${at}: Invalid \`signature\` in \`thinking\` block`);
      const [field, id] = block.type === 'tool_use' ? ['tool_use.id', block.id] : block.type === 'tool_result' ? ['tool_result.tool_use_id', block.tool_use_id] : [null, null];
      if (field && typeof id === 'string' && !/^[a-zA-Z0-9_-]+$/.test(id)) throw new SimRequestError(400, `messages.${index}.content.${at}.${field}: String should match pattern '^[a-zA-Z0-9_-]+$'`);
    });
  });
}

function createMessage(simRequest: SimRequest, directives: Parameters<Route['handle']>[1]): Reply {
  const request = requireJsonObject(simRequest.body);
  refuseRetiredModel(request);
  if (typeof request.max_tokens !== 'number') throw new SimRequestError(400, 'max_tokens: Field required');
  if (!Array.isArray(request.messages) || request.messages.length === 0) throw new SimRequestError(400, 'messages: at least one message is required');
  // Anthropic's temperature runs from 0 to 1 (OpenAI's and Gemini's to 2).
  if (typeof request.temperature === 'number' && request.temperature > 1) throw new SimRequestError(400, 'temperature: Input should be less than or equal to 1');
  if (typeof request.temperature === 'number' && request.temperature < 0) throw new SimRequestError(400, 'temperature: Input should be greater than or equal to 0');
  refuseMalformedBlocks(request.messages);
  enforceMessagesRules(request, betasOf(simRequest.headers['anthropic-beta']));
  const conversation = readAnthropicConversation(request);
  const plan = planResponse(conversation, directives, answerKey(request));
  const display = omitsThinkingText(request) ? 'omitted' : 'full';
  const answeredBy = directives.answerAs ?? conversation.model;
  return request.stream === true
    ? sseReply('anthropic', buildAnthropicStream(plan, answeredBy, display))
    : jsonReply(buildAnthropicMessage(plan, answeredBy, display));
}

function describeModel(model: (typeof MODEL_CATALOG.anthropic)[number]): unknown {
  return { type: 'model', id: model.id, display_name: model.display_name, created_at: '2025-09-29T00:00:00Z' };
}

const PREFIX = '/anthropic/v1';

export const anthropicRoutes: readonly Route[] = [
  {
    method: 'POST', pattern: new RegExp(`^${PREFIX}/messages$`), provider: 'anthropic',
    directiveText: (request) => anthropicDirectiveText(request.body),
    fixtureMode: (request) => (asObject(request.body).stream === true ? 'anthropic' : 'json'),
    handle: (request, directives) => createMessage(request, directives),
  },
  {
    method: 'POST', pattern: new RegExp(`^${PREFIX}/messages/count_tokens$`), provider: 'anthropic',
    directiveText: (request) => anthropicDirectiveText(request.body),
    handle: (request) => countAnthropicTokens(request),
  },
  {
    method: 'GET', pattern: new RegExp(`^${PREFIX}/models$`), provider: 'anthropic',
    handle: () => {
      const data = MODEL_CATALOG.anthropic.map(describeModel);
      return jsonReply({ data, has_more: false, first_id: MODEL_CATALOG.anthropic[0].id, last_id: MODEL_CATALOG.anthropic.at(-1)!.id });
    },
  },
  {
    method: 'GET', pattern: new RegExp(`^${PREFIX}/models/(?<model>[^/]+)$`), provider: 'anthropic',
    handle: (request) => {
      const model = MODEL_CATALOG.anthropic.find((entry) => entry.id === request.params.model);
      if (!model) throw new SimRequestError(404, `model: ${request.params.model}`);
      return jsonReply(describeModel(model));
    },
  },
];
