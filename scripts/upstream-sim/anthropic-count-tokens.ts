import { readAnthropicConversation } from './anthropic-conversation';
import { betasOf, refuseContextManagementWithoutBeta, refuseRetiredModel, refuseUnsupportedOutputFormat } from './anthropic-request-rules';
import { estimateTokens } from './deterministic';
import { requireJsonObject } from './read-request-body';
import { jsonReply, type Reply } from './reply';
import type { SimRequest } from './route';
import { SimRequestError } from './sim-request-error';

/**
 * What create takes and `POST /v1/messages/count_tokens` does not (`@anthropic-ai/sdk`'s
 * MessageCreateParams less MessageCountTokensParams, and the sampling fields older API versions
 * take on create): unknown there, so refused as any unknown field is. Kept apart from the
 * gateway's list on purpose: a field it forgets to leave out shows up as a refusal here.
 */
const CREATE_ONLY_FIELDS = [
  'max_tokens', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'service_tier',
  'container', 'inference_geo', 'diagnostics', 'fallbacks', 'fallback_credit_token', 'thread',
];

function refuseCreateOnlyFields(body: Readonly<Record<string, unknown>>): void {
  const field = CREATE_ONLY_FIELDS.find((name) => body[name] !== undefined);
  if (field) throw new SimRequestError(400, `${field}: Extra inputs are not permitted`);
}

/**
 * Counts what the model would read, tools and server tools included (the figure create's usage
 * reports). With `context_management`, Anthropic counts the prompt after its edits and reports
 * the one before as `context_management.original_input_tokens` (the SDK's
 * `BetaMessageTokensCount`); the simulator applies no edit, so the two are the same.
 */
export function countAnthropicTokens(simRequest: SimRequest): Reply {
  const request = requireJsonObject(simRequest.body);
  refuseRetiredModel(request);
  refuseCreateOnlyFields(request);
  const betas = betasOf(simRequest.headers['anthropic-beta']);
  refuseUnsupportedOutputFormat(request, betas);
  refuseContextManagementWithoutBeta(request, betas);
  const inputTokens = Math.max(1, estimateTokens(readAnthropicConversation(request).inputText));
  return jsonReply({ input_tokens: inputTokens, ...(request.context_management === undefined ? {} : { context_management: { original_input_tokens: inputTokens } }) });
}
