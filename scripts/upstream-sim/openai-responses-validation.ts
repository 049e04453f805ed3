import { asArray, asObject, asString, type JsonObject } from './json-access';
import { refuseSamplingWhileReasoning, refuseUnsupportedEffort } from './openai-reasoning-efforts';
import { refuseNonStrictResponsesSchemas } from './openai-strict-schemas';
import { SimRequestError } from './sim-request-error';

/**
 * Every top-level field `POST /responses` takes (openai-node's ResponseCreateParams). The API
 * refuses any other by name, so a gateway that leaks Chat Completions fields (`messages`,
 * `max_tokens`, `max_completion_tokens`) into a Responses call fails here as it would there.
 */
const KNOWN_PARAMETERS = new Set([
  'background', 'context_management', 'conversation', 'include', 'input', 'instructions', 'max_output_tokens', 'max_tool_calls',
  'metadata', 'model', 'moderation', 'parallel_tool_calls', 'previous_response_id', 'prompt', 'prompt_cache_key',
  'prompt_cache_options', 'prompt_cache_retention', 'reasoning', 'safety_identifier', 'service_tier', 'store', 'stream',
  'stream_options', 'temperature', 'text', 'tool_choice', 'tools', 'top_logprobs', 'top_p', 'truncation', 'user',
]);

const REQUIRED_PARAMETERS = ['model', 'input'] as const;

/** Features that live in OpenAI's storage; the stateless simulator refuses them rather than answer without them. */
const STATEFUL_PARAMETERS: Record<string, string> = {
  background: 'background responses',
  conversation: 'stored conversations',
  prompt: 'stored prompt templates',
};

/** OpenAI's floor for `max_output_tokens`. */
const MIN_OUTPUT_TOKENS = 16;

/** What a function call's output may hold besides a string (openai-node's ResponseFunctionCallOutputItem). */
const OUTPUT_PART_TYPES = ['input_text', 'input_image', 'input_file'];

/** A function call output's parts: of the types above, and a file given inline with its filename. */
function refuseMalformedOutputs(input: unknown): void {
  asArray(input).map(asObject).forEach((item, index) => {
    if (item.type !== 'function_call_output' || typeof item.output === 'string') return;
    asArray(item.output).map(asObject).forEach((part, at) => {
      const param = `input[${index}].output[${at}]`;
      const type = asString(part.type) ?? '';
      if (!OUTPUT_PART_TYPES.includes(type)) throw new SimRequestError(400, `Invalid value: '${type}'. Supported values are: 'input_text', 'input_image', and 'input_file'.`, { param: `${param}.type`, code: 'invalid_value' });
      if (type === 'input_file' && part.file_data !== undefined && part.filename === undefined) {
        throw new SimRequestError(400, `Missing required parameter: '${param}.filename'.`, { param: `${param}.filename`, code: 'missing_required_parameter' });
      }
    });
  });
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

/** Refuses what OpenAI refuses before it looks at the input, with its messages, params and codes. */
export function validateResponsesRequest(body: JsonObject): void {
  for (const name of Object.keys(body)) {
    if (!KNOWN_PARAMETERS.has(name)) throw new SimRequestError(400, `Unknown parameter: '${name}'.`, { param: name, code: 'unknown_parameter' });
  }
  for (const name of REQUIRED_PARAMETERS) {
    if (!isSet(body[name])) throw new SimRequestError(400, `Missing required parameter: '${name}'.`, { param: name, code: 'missing_required_parameter' });
  }
  if (typeof body.previous_response_id === 'string') {
    throw new SimRequestError(400, `Previous response with id '${body.previous_response_id}' not found.`, { param: 'previous_response_id', code: 'previous_response_not_found' });
  }
  for (const [name, feature] of Object.entries(STATEFUL_PARAMETERS)) {
    if (isSet(body[name])) throw new SimRequestError(400, `simulator: ${feature} are not simulated (the simulator keeps no state)`, { param: name, code: null });
  }
  const maxOutputTokens = body.max_output_tokens;
  if (typeof maxOutputTokens === 'number' && maxOutputTokens < MIN_OUTPUT_TOKENS) {
    throw new SimRequestError(400, `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${maxOutputTokens} instead.`, { param: 'max_output_tokens', code: 'integer_below_min_value' });
  }
  const reasoning = body.reasoning;
  const effort = typeof reasoning === 'object' && reasoning !== null ? (reasoning as JsonObject).effort : undefined;
  refuseUnsupportedEffort(body.model, effort, 'reasoning.effort');
  refuseSamplingWhileReasoning(body, effort);
  refuseNonStrictResponsesSchemas(body);
  refuseMalformedOutputs(body.input);
}
