import { answerKey } from './deterministic';
import type { Directives } from './directives';
import { asObject } from './json-access';
import { readResponsesConversation, responsesDirectiveText } from './openai-responses-conversation';
import { buildResponsesStream } from './openai-responses-events';
import { buildResponseObject, planResponsesAnswer } from './openai-responses-output';
import { validateResponsesRequest } from './openai-responses-validation';
import { requireJsonObject } from './read-request-body';
import { jsonReply, sseReply, type Reply } from './reply';
import { planResponse } from './response-planner';
import type { Route } from './route';

function createResponse(body: unknown, directives: Directives): Reply {
  const request = requireJsonObject(body);
  validateResponsesRequest(request);
  const conversation = readResponsesConversation(request);
  const answer = planResponsesAnswer(planResponse(conversation, directives, answerKey(request)), request, directives.answerAs);
  if (request.stream !== true) return jsonReply(buildResponseObject(answer, true));
  return sseReply('openai-responses', buildResponsesStream(answer, asObject(request.stream_options).include_obfuscation !== false));
}

/** OpenAI's Responses API, `POST /openai/v1/responses`, stateless (stored responses and items are refused). */
export const openAiResponsesRoutes: readonly Route[] = [
  {
    method: 'POST', pattern: /^\/openai\/v1\/responses$/, provider: 'openai',
    directiveText: (request) => responsesDirectiveText(request.body),
    fixtureMode: (request) => (asObject(request.body).stream === true ? 'openai-responses' : 'json'),
    handle: (request, directives) => createResponse(request.body, directives),
  },
];
