import { deterministicId, deterministicSignature, estimateTokens } from './deterministic';
import type { Directives } from './directives';
import { geminiDirectiveText, readGeminiConversation } from './gemini-conversation';
import { refuseInvalidGenerateRequest } from './gemini-request-rules';
import { asObject, type JsonObject } from './json-access';
import { MODEL_CATALOG } from './model-catalog';
import { requireJsonObject } from './read-request-body';
import { jsonReply, sseReply, type Reply } from './reply';
import { planResponse, type ResponsePlan } from './response-planner';
import type { Route, SimRequest } from './route';
import { SimRequestError } from './sim-request-error';

interface Progress {
  readonly thoughts: number;
  readonly candidates: number;
}

/** usageMetadata as of `progress`: streams report it cumulatively on every chunk. */
function usageMetadata(plan: ResponsePlan, progress: Progress): JsonObject {
  const { inputTokens, cachedInputTokens } = plan.usage;
  return {
    promptTokenCount: inputTokens,
    candidatesTokenCount: progress.candidates,
    totalTokenCount: inputTokens + progress.candidates + progress.thoughts,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: inputTokens }],
    ...(progress.thoughts > 0 ? { thoughtsTokenCount: progress.thoughts } : {}),
    ...(cachedInputTokens > 0 ? { cachedContentTokenCount: cachedInputTokens, cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cachedInputTokens }] } : {}),
  };
}

function finalProgress(plan: ResponsePlan): Progress {
  return { thoughts: plan.usage.reasoningTokens, candidates: plan.usage.outputTokens - plan.usage.reasoningTokens };
}

function signatureOf(plan: ResponsePlan): string {
  return deterministicSignature(`${plan.seed}:gemini`);
}

function functionCallParts(plan: ResponsePlan): JsonObject[] {
  // Gemini 3 signs the first function call of a turn; clients must echo it back.
  return plan.toolCalls.map((call, index) => ({ functionCall: { name: call.name, args: call.arguments }, ...(index === 0 ? { thoughtSignature: signatureOf(plan) } : {}) }));
}

function answerParts(plan: ResponsePlan): JsonObject[] {
  const parts: JsonObject[] = [];
  if (plan.reasoning.length > 0) parts.push({ text: plan.reasoning.join(''), thought: true });
  if (plan.text.length > 0) parts.push({ text: plan.text.join(''), ...(plan.reasoning.length > 0 && plan.toolCalls.length === 0 ? { thoughtSignature: signatureOf(plan) } : {}) });
  return [...parts, ...functionCallParts(plan)];
}

function responseEnvelope(plan: ResponsePlan, model: string, parts: JsonObject[], progress: Progress, finished: boolean): JsonObject {
  const finishReason = plan.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
  return {
    candidates: [{ content: { parts, role: 'model' }, ...(finished ? { finishReason } : {}), index: 0 }],
    usageMetadata: usageMetadata(plan, progress),
    modelVersion: model,
    responseId: deterministicId(plan.seed, 23),
  };
}

export function buildGeminiResponse(plan: ResponsePlan, model: string): JsonObject {
  return responseEnvelope(plan, model, answerParts(plan), finalProgress(plan), true);
}

export function buildGeminiStream(plan: ResponsePlan, model: string): JsonObject[] {
  const chunks: JsonObject[] = [];
  let thoughts = 0;
  let candidates = 0;
  for (const text of plan.reasoning) chunks.push(responseEnvelope(plan, model, [{ text, thought: true }], { thoughts: (thoughts += 1), candidates }, false));
  for (const text of plan.text) chunks.push(responseEnvelope(plan, model, [{ text }], { thoughts, candidates: (candidates += 1) }, false));
  if (plan.toolCalls.length > 0) chunks.push(responseEnvelope(plan, model, functionCallParts(plan), finalProgress(plan), false));
  const closing = plan.reasoning.length > 0 && plan.toolCalls.length === 0 ? { text: '', thoughtSignature: signatureOf(plan) } : { text: '' };
  chunks.push(responseEnvelope(plan, model, [closing], finalProgress(plan), true));
  return chunks;
}

function generate(request: SimRequest, directives: Directives, streaming: boolean): Reply {
  const body = requireJsonObject(request.body);
  const model = request.params.model!;
  refuseInvalidGenerateRequest(model, body);
  const plan = planResponse(readGeminiConversation(model, body), directives, `${model}:${JSON.stringify(body)}`);
  // Every chunk's `modelVersion` names the model that answered.
  const answeredBy = directives.answerAs ?? model;
  if (!streaming) return jsonReply(buildGeminiResponse(plan, answeredBy));
  const chunks = buildGeminiStream(plan, answeredBy);
  // Without alt=sse the API streams one JSON array instead of events.
  if (request.url.searchParams.get('alt') !== 'sse') return jsonReply(chunks);
  return sseReply('gemini', chunks.map((chunk) => ({ data: JSON.stringify(chunk) })));
}

function describeModel(model: (typeof MODEL_CATALOG.gemini)[number]): JsonObject {
  return { name: `models/${model.name}`, displayName: model.name, inputTokenLimit: model.input, outputTokenLimit: model.output, supportedGenerationMethods: model.methods };
}

export const GEMINI_MODEL_PATH = '^/gemini/(?:v1beta|v1)/models/(?<model>[^/:]+)';

function action(name: string): RegExp {
  return new RegExp(`${GEMINI_MODEL_PATH}:${name}$`);
}

const directiveText = (request: SimRequest): string => geminiDirectiveText(request.body);

export const geminiGenerateRoutes: readonly Route[] = [
  { method: 'POST', pattern: action('generateContent'), provider: 'gemini', directiveText, handle: (request, directives) => generate(request, directives, false) },
  {
    method: 'POST', pattern: action('streamGenerateContent'), provider: 'gemini', directiveText,
    fixtureMode: (request) => (request.url.searchParams.get('alt') === 'sse' ? 'gemini' : 'json'),
    handle: (request, directives) => generate(request, directives, true),
  },
  {
    method: 'POST', pattern: action('countTokens'), provider: 'gemini',
    directiveText: (request) => geminiDirectiveText(asObject(request.body).generateContentRequest ?? request.body),
    handle: (request) => {
      const body = requireJsonObject(request.body);
      const conversation = readGeminiConversation(request.params.model!, asObject(body.generateContentRequest ?? body));
      const totalTokens = Math.max(1, estimateTokens(conversation.inputText));
      return jsonReply({ totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] });
    },
  },
  { method: 'GET', pattern: /^\/gemini\/(?:v1beta|v1)\/models$/, provider: 'gemini', handle: () => jsonReply({ models: MODEL_CATALOG.gemini.map(describeModel) }) },
  {
    method: 'GET', pattern: new RegExp(`${GEMINI_MODEL_PATH}$`), provider: 'gemini',
    handle: (request) => {
      const model = MODEL_CATALOG.gemini.find((entry) => entry.name === request.params.model);
      if (!model) throw new SimRequestError(404, `models/${request.params.model} is not found for API version v1beta`);
      return jsonReply(describeModel(model));
    },
  },
];
