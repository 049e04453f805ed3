import { asArray, asNumber, asObject, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

/**
 * Limits the Gemini API puts on a request (`generationConfig`, Gemini 3's thought signatures)
 * that translated requests trip over, with the real API's messages (as public error reports
 * quote them). The simulator refuses what the API refuses, so tests of the translation can fail.
 */

const MAX_STOP_SEQUENCES = 5;

/**
 * thinkingBudget per model (ai.google.dev/gemini-api/docs/thinking): -1 (dynamic) everywhere, 0
 * (off) where thinking can be turned off. Kept apart from the gateway's catalog on purpose: the
 * simulator stands for the API, so a wrong range in the catalog shows up as a refusal.
 */
const THINKING_BUDGETS: Readonly<Record<string, { min: number; max: number; canTurnOff: boolean }>> = {
  'gemini-2.5-pro': { min: 128, max: 32_768, canTurnOff: false },
  'gemini-2.5-flash': { min: 1, max: 24_576, canTurnOff: true },
  'gemini-2.5-flash-lite': { min: 512, max: 24_576, canTurnOff: true },
};
const DYNAMIC_BUDGET = -1;

/**
 * thinkingLevel per model (ai.google.dev/gemini-api/docs/gemini-3): Gemini 3 Pro takes `low` and
 * `high`, 3.1 Pro `medium` too; 3.6 Flash, 3.5 Flash and 3.5 Flash-Lite `minimal` to `high`
 * (docs.cloud.google.com/gemini-enterprise-agent-platform/models/guides/gemini-3-6-flash, its
 * comparison table, and .../models/gemini/3-5-flash-lite); 3.8 Flash and 3.7 Flash `low` to `high`, `minimal`
 * being a validation error (.../models/gemini/3-8-flash, ai.google.dev/gemini-api/docs/models/gemini-3.7-flash). 2.5 models take none. A level and a budget together are refused on any model.
 */
const THINKING_LEVELS: Readonly<Record<string, readonly string[]>> = {
  'gemini-3-pro-preview': ['low', 'high'],
  'gemini-3.1-pro-preview': ['low', 'medium', 'high'],
  'gemini-3.6-flash': ['minimal', 'low', 'medium', 'high'],
  'gemini-3.5-flash': ['minimal', 'low', 'medium', 'high'],
  'gemini-3.5-flash-lite': ['minimal', 'low', 'medium', 'high'],
  'gemini-3.8-flash': ['low', 'medium', 'high'],
  'gemini-3.7-flash': ['low', 'medium', 'high'],
};

function refuseTooManyStopSequences(config: JsonObject): void {
  if (asArray(config.stopSequences).length <= MAX_STOP_SEQUENCES) return;
  throw new SimRequestError(400, `* GenerateContentRequest.generation_config.stop_sequences: the number of stop_sequences must not exceed ${MAX_STOP_SEQUENCES}.\n`);
}

function refuseThinkingBudgetOutOfRange(model: string, config: JsonObject): void {
  const budget = asNumber(asObject(config.thinkingConfig).thinkingBudget);
  const range = THINKING_BUDGETS[model];
  if (budget === undefined || !range || budget === DYNAMIC_BUDGET) return;
  if (budget === 0 && !range.canTurnOff) throw new SimRequestError(400, 'Budget 0 is invalid. This model only works in thinking mode.');
  if (budget !== 0 && (budget < range.min || budget > range.max)) throw new SimRequestError(400, `The thinking budget (${budget}) is invalid.`);
}

function refuseUnsupportedThinkingLevel(model: string, config: JsonObject): void {
  const thinking = asObject(config.thinkingConfig);
  if (thinking.thinkingLevel === undefined) return;
  if (thinking.thinkingBudget !== undefined) throw new SimRequestError(400, 'thinking_budget and thinking_level are not supported together.');
  const levels = THINKING_LEVELS[model];
  if (!levels) throw new SimRequestError(400, 'Thinking level is not supported for this model.');
  if (!levels.includes(String(thinking.thinkingLevel).toLowerCase())) throw new SimRequestError(400, `Thinking level ${String(thinking.thinkingLevel)} is not supported for this model.`);
}

/**
 * Gemini 3 validates thought signatures in the current turn (everything after the last user
 * content that is not only function responses): the first function call of each model step must
 * come back with the signature it was sent with (ai.google.dev/gemini-api/docs/thought-signatures).
 * 2.5 models take calls without one, as the real API does. Any non-empty signature passes,
 * Google's documented placeholder for calls it did not make (`skip_thought_signature_validator`)
 * included.
 */
const VALIDATES_SIGNATURES = /^gemini-3/;

const partsOf = (content: JsonObject): JsonObject[] => asArray(content.parts).map(asObject);

function refuseUnsignedFunctionCalls(model: string, body: JsonObject): void {
  if (!VALIDATES_SIGNATURES.test(model)) return;
  const contents = asArray(body.contents).map(asObject);
  const turnStart = contents.findLastIndex((content) => (content.role ?? 'user') === 'user' && partsOf(content).some((part) => !part.functionResponse));
  contents.forEach((content, index) => {
    if (index <= turnStart || content.role !== 'model') return;
    const call = partsOf(content).find((part) => part.functionCall);
    if (!call || call.thoughtSignature) return;
    const name = String(asObject(call.functionCall).name);
    throw new SimRequestError(400, `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`);
  });
}

/** Refuses a generateContent body the API would refuse for `model` (the one in the path). */
export function refuseInvalidGenerateRequest(model: string, body: JsonObject): void {
  const config = asObject(body.generationConfig);
  refuseTooManyStopSequences(config);
  refuseThinkingBudgetOutOfRange(model, config);
  refuseUnsupportedThinkingLevel(model, config);
  refuseUnsignedFunctionCalls(model, body);
}
