import { asArray, asObject, asString, type JsonObject } from './json-access';
import { hasThinkingSwitch, kimiThinks } from './kimi-thinking';
import { DEEPSEEK_ACCEPTED_MODELS } from './model-catalog';
import type { ChatFlavour } from './openai-chat-flavours';
import { refuseSamplingWhileReasoning, refuseUnsupportedEffort } from './openai-reasoning-efforts';
import { refuseNonStrictChatSchemas } from './openai-strict-schemas';
import { SimRequestError } from './sim-request-error';

/**
 * What each Chat Completions API refuses that a client written for another one sends, with the
 * real API's messages (as public error reports quote them). The simulator refuses what the API
 * refuses, so tests of the gateway's fitting fail without it.
 */

/** OpenAI refuses a tool call id over 40 characters, on a call or on its result, naming the field as its error reports show. */
function refuseLongToolCallIds(messages: readonly JsonObject[]): void {
  messages.forEach((message, index) => {
    const { tool_calls: calls, tool_call_id: resultId } = message;
    const ids: [string, unknown][] = [[`messages[${index}].tool_call_id`, resultId], ...asArray(calls).map((call, at): [string, unknown] => [`messages[${index}].tool_calls[${at}].id`, asObject(call).id])];
    for (const [param, id] of ids) {
      if (typeof id === 'string' && id.length > 40) throw new SimRequestError(400, `Invalid '${param}': string too long. Expected a string with maximum length 40, but got a string with length ${id.length} instead.`);
    }
  });
}

/** The part types each role's content takes (openai-node's `ChatCompletion*MessageParam`); a user message takes them all. */
const PART_TYPES: Readonly<Record<string, readonly string[]>> = {
  user: ['text', 'image_url', 'input_audio', 'file'], system: ['text'], developer: ['text'], tool: ['text'], assistant: ['text', 'refusal'],
};

/**
 * OpenAI refuses a part its role does not take (a tool message carries text only), and a file
 * given inline without its filename, naming `file_id` as its error reports show.
 */
function refuseMisplacedParts(messages: readonly JsonObject[]): void {
  messages.forEach((message, index) => {
    const allowed = PART_TYPES[asString(message.role) ?? ''] ?? [];
    asArray(message.content).map(asObject).forEach((part, at) => {
      const type = asString(part.type) ?? '';
      const param = `messages[${index}].content[${at}]`;
      if (!allowed.includes(type)) throw new SimRequestError(400, `Invalid value: '${type}'. Supported values are: ${allowed.map((name) => `'${name}'`).join(', ')}.`, { param: `${param}.type`, code: 'invalid_value' });
      const file = asObject(part.file);
      if (type === 'file' && file.file_id === undefined && (file.file_data === undefined || file.filename === undefined)) {
        throw new SimRequestError(400, `Missing required parameter: '${param}.file.file_id'.`, { param: `${param}.file.file_id`, code: 'missing_required_parameter' });
      }
    });
  });
}

function enforceOpenAIRules(request: JsonObject, messages: readonly JsonObject[]): void {
  // OpenAI takes at most four stop sequences and refuses a longer list.
  if (Array.isArray(request.stop) && request.stop.length > 4) {
    throw new SimRequestError(400, `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${request.stop.length} instead.`);
  }
  refuseLongToolCallIds(messages);
  refuseMisplacedParts(messages);
  refuseUnsupportedEffort(request.model, request.reasoning_effort, 'reasoning_effort');
  refuseSamplingWhileReasoning(request, request.reasoning_effort);
  refuseNonStrictChatSchemas(request);
}

/** The index of the first assistant tool-call message sent back without its `reasoning_content` (an empty one is none), else -1. */
function bareToolCallMessage(messages: readonly JsonObject[]): number {
  return messages.findIndex((message) => message.role === 'assistant' && asArray(message.tool_calls).length > 0 && !asString(message.reasoning_content));
}

/** DeepSeek's errors carry the type again as their code. */
const DEEPSEEK_DETAIL = { param: null, code: 'invalid_request_error' };

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content).map((part) => asString(asObject(part).text) ?? '').join('\n');
}

/** The roles whose `content` DeepSeek takes as a string only: content parts are for user turns. */
const DEEPSEEK_STRING_CONTENT_ROLES: readonly unknown[] = ['system', 'assistant', 'tool'];

/**
 * DeepSeek knows the roles system, user, assistant and tool only (its deserializer names them),
 * a list of content parts on user messages only (cline#230, litellm#6642; the real message
 * ends with the place in the body, `at line 1 column N`, left out here), the response formats
 * text and json_object only, and takes json_object only from a prompt that says "json".
 * Thinking, it wants every tool-call turn's `reasoning_content` back "in all subsequent requests"
 * and answers 400 otherwise (https://api-docs.deepseek.com/guides/thinking_mode), in the words
 * public reports quote (opencode#24083, warp#11587).
 */
function enforceDeepSeekRules(request: JsonObject, messages: readonly JsonObject[], thinks: boolean): void {
  // A name it does not serve, the retired deepseek-chat and deepseek-reasoner among them, as its 400s quote it (ConardLi/easy-dataset#9, langbot-app/LangBot#1643).
  if (!DEEPSEEK_ACCEPTED_MODELS.includes(asString(request.model) ?? '')) throw new SimRequestError(400, 'Model Not Exist', DEEPSEEK_DETAIL);
  const developer = messages.findIndex((message) => message.role === 'developer');
  if (developer >= 0) throw new SimRequestError(400, `Failed to deserialize the JSON body into the target type: messages[${developer}].role: unknown variant \`developer\`, expected one of \`system\`, \`user\`, \`assistant\`, \`tool\``, DEEPSEEK_DETAIL);
  const parts = messages.findIndex((message) => DEEPSEEK_STRING_CONTENT_ROLES.includes(message.role) && Array.isArray(message.content));
  if (parts >= 0) throw new SimRequestError(400, `Failed to deserialize the JSON body into the target type: messages[${parts}]: invalid type: sequence, expected a string`, DEEPSEEK_DETAIL);
  const format = asObject(request.response_format).type;
  if (format === 'json_schema') throw new SimRequestError(400, 'This response_format type is unavailable now', DEEPSEEK_DETAIL);
  if (format === 'json_object' && !messages.some((message) => /json/i.test(contentText(message.content)))) {
    throw new SimRequestError(400, "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.", DEEPSEEK_DETAIL);
  }
  if (thinks && bareToolCallMessage(messages) >= 0) throw new SimRequestError(400, 'The `reasoning_content` in the thinking mode must be passed back to the API.', DEEPSEEK_DETAIL);
}

/**
 * Moonshot's API takes the roles system, user, assistant and tool; `developer` it reads as no role
 * at all. K2.5 and K2.6 take no temperature but their own, 1 thinking and 0.6 not (the message as
 * MaiBot#1538 and oh-my-ppt#45 quote it), and, thinking, want each assistant tool-call message's
 * `reasoning_content` back (as hermes-agent#13848 quotes it).
 */
function enforceKimiRules(request: JsonObject, messages: readonly JsonObject[]): void {
  if (messages.some((message) => message.role === 'developer')) throw new SimRequestError(400, 'unsupported role ROLE_UNSPECIFIED');
  if (!hasThinkingSwitch(request)) return;
  const thinks = kimiThinks(request);
  const fixed = thinks ? 1 : 0.6;
  if (request.temperature !== undefined && request.temperature !== fixed) throw new SimRequestError(400, `invalid temperature: only ${fixed} is allowed for this model`);
  const bare = bareToolCallMessage(messages);
  if (thinks && bare >= 0) throw new SimRequestError(400, `thinking is enabled but reasoning_content is missing in assistant tool call message at index ${bare}`);
}

/** Throws the provider's own 400 for a request its API refuses. */
export function enforceChatRules(flavour: ChatFlavour, request: JsonObject): void {
  const messages = asArray(request.messages).map(asObject);
  if (flavour.provider === 'openai') enforceOpenAIRules(request, messages);
  else if (flavour.provider === 'deepseek') enforceDeepSeekRules(request, messages, flavour.wantsReasoning(request));
  else enforceKimiRules(request, messages);
}
