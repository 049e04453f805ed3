import { asArray, asObject, isObject as isSchema, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

/**
 * OpenAI's strict mode (structured outputs, strict function tools) takes only schemas whose
 * objects are closed (`additionalProperties: false`) and require every property; anything else
 * is a 400 naming the place in the schema, as its error reports quote:
 * "Invalid schema for response_format 'x': In context=('properties', 'a'), 'required' is required
 * to be supplied and to be an array including every key in properties. Missing 'b'."
 * This repeats a rule the gateway knows on purpose: the simulator stands in for the API.
 */
function children(schema: JsonObject): [string[], unknown][] {
  const found: [string[], unknown][] = [];
  for (const key of ['properties', '$defs', 'definitions']) {
    if (isSchema(schema[key])) for (const [name, child] of Object.entries(schema[key] as JsonObject)) found.push([[key, name], child]);
  }
  if (isSchema(schema.items)) found.push([['items'], schema.items]);
  for (const key of ['anyOf', 'allOf', 'oneOf']) asArray(schema[key]).forEach((child, index) => found.push([[key, String(index)], child]));
  return found;
}

/** The first rule the schema breaks, as OpenAI words it, or undefined. */
function strictSchemaFault(schema: unknown, context: string[]): string | undefined {
  if (!isSchema(schema)) return undefined;
  const where = `In context=(${context.map((part) => `'${part}'`).join(', ')})`;
  if (schema.type === 'object' || isSchema(schema.properties)) {
    if (schema.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = asArray(schema.required);
    const missing = Object.keys(asObject(schema.properties)).find((key) => !required.includes(key));
    if (missing !== undefined) return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  for (const [path, child] of children(schema)) {
    const fault = strictSchemaFault(child, [...context, ...path]);
    if (fault) return fault;
  }
  return undefined;
}

function refuseUnlessStrictSchema(what: string, schema: unknown, param: string, code: string | null): void {
  const fault = strictSchemaFault(schema, []);
  if (fault) throw new SimRequestError(400, `Invalid schema for ${what}: ${fault}`, { param, code });
}

/** Chat Completions: a strict `response_format` json_schema and strict function tools. */
export function refuseNonStrictChatSchemas(request: JsonObject): void {
  const format = asObject(request.response_format);
  const schemaFormat = asObject(format.json_schema);
  if (format.type === 'json_schema' && schemaFormat.strict === true) refuseUnlessStrictSchema(`response_format '${String(schemaFormat.name)}'`, schemaFormat.schema, 'response_format', null);
  asArray(request.tools).forEach((tool, index) => {
    const fn = asObject(asObject(tool).function);
    if (fn.strict === true) refuseUnlessStrictSchema(`function '${String(fn.name)}'`, fn.parameters, `tools[${index}].function.parameters`, 'invalid_function_parameters');
  });
}

/** Responses: a strict `text.format` json_schema and strict function tools. */
export function refuseNonStrictResponsesSchemas(body: JsonObject): void {
  const format = asObject(asObject(body.text).format);
  if (format.type === 'json_schema' && format.strict === true) refuseUnlessStrictSchema(`response_format '${String(format.name)}'`, format.schema, 'text.format.schema', 'invalid_json_schema');
  asArray(body.tools).forEach((tool, index) => {
    const fn = asObject(tool);
    if (fn.type === 'function' && fn.strict === true) refuseUnlessStrictSchema(`function '${String(fn.name)}'`, fn.parameters, `tools[${index}].parameters`, 'invalid_function_parameters');
  });
}
