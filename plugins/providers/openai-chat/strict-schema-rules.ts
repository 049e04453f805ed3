type Schema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The subschemas a schema holds: properties, items, the combinators and the definitions. */
function subschemas(schema: Schema): unknown[] {
  const children: unknown[] = [];
  for (const key of ['properties', '$defs', 'definitions', 'patternProperties']) if (isSchema(schema[key])) children.push(...Object.values(schema[key]));
  for (const key of ['items', 'additionalItems', 'not', 'if', 'then', 'else']) if (isSchema(schema[key])) children.push(schema[key]);
  for (const key of ['anyOf', 'allOf', 'oneOf', 'prefixItems', 'items']) if (Array.isArray(schema[key])) children.push(...(schema[key] as unknown[]));
  return children;
}

const isObjectSchema = (schema: Schema): boolean =>
  schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || isSchema(schema.properties);

/**
 * Whether OpenAI's strict mode takes a JSON schema (structured outputs, strict function tools):
 * every object closes with `additionalProperties: false` and lists all its properties as
 * `required`. A schema written for Claude's structured outputs may leave properties optional,
 * which Claude takes and OpenAI refuses (400) in strict mode.
 */
export function meetsStrictSchemaRules(schema: unknown, depth = 0): boolean {
  // Deeper than any schema OpenAI takes (it allows 10 levels); the API decides past it.
  if (!isSchema(schema) || depth > 64) return true;
  if (isObjectSchema(schema)) {
    if (schema.additionalProperties !== false) return false;
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (isSchema(schema.properties) && Object.keys(schema.properties).some((key) => !required.includes(key))) return false;
  }
  return subschemas(schema).every((child) => meetsStrictSchemaRules(child, depth + 1));
}

/**
 * `strict` as asked, unless the schema breaks strict mode's rules: then `false`, so OpenAI answers
 * best-effort JSON to the schema instead of refusing the request (a client of another protocol
 * wrote the schema for its own provider's rules).
 */
export function fitStrict(strict: boolean | undefined, schema: unknown): boolean | undefined {
  return strict && !meetsStrictSchemaRules(schema) ? false : strict;
}
