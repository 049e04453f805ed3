import { asArray, asNumber, asObject, isObject, type JsonObject } from './json-access';

/**
 * Builds a value that satisfies a JSON Schema (draft 2020-12, OpenAPI 3 and Gemini's
 * uppercase-type subset), deterministically: tool-call arguments and structured outputs.
 */

const MAX_DEPTH = 8;

const STRING_FORMATS: Record<string, string> = {
  date: '2026-01-01',
  'date-time': '2026-01-01T00:00:00Z',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function resolveReference(schema: JsonObject, root: JsonObject): JsonObject {
  const reference = schema.$ref;
  if (typeof reference !== 'string' || !reference.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const segment of reference.slice(2).split('/')) target = asObject(target)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return asObject(target);
}

function schemaType(schema: JsonObject): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== 'null') : schema.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function sampleString(schema: JsonObject, name: string): string {
  if (typeof schema.format === 'string' && STRING_FORMATS[schema.format]) return STRING_FORMATS[schema.format]!;
  const minimum = asNumber(schema.minLength) ?? 0;
  const value = `sample ${name}`;
  return value.length >= minimum ? value : value.padEnd(minimum, 'x');
}

function sampleNumber(schema: JsonObject, integer: boolean): number {
  const minimum = asNumber(schema.minimum) ?? (asNumber(schema.exclusiveMinimum) === undefined ? undefined : asNumber(schema.exclusiveMinimum)! + 1);
  const value = minimum ?? asNumber(schema.maximum) ?? 1;
  return integer ? Math.ceil(value) : value;
}

function sampleObject(schema: JsonObject, root: JsonObject, depth: number): JsonObject {
  const result: JsonObject = {};
  for (const [key, property] of Object.entries(asObject(schema.properties))) {
    result[key] = sampleValue(asObject(property), root, key, depth + 1);
  }
  return result;
}

function sampleArray(schema: JsonObject, root: JsonObject, name: string, depth: number): unknown[] {
  const count = Math.max(1, asNumber(schema.minItems) ?? 1);
  const prefix = asArray(schema.prefixItems);
  return Array.from({ length: Math.max(count, prefix.length) }, (_unused, index) =>
    sampleValue(asObject(prefix[index] ?? schema.items), root, name, depth + 1));
}

function sampleValue(rawSchema: JsonObject, root: JsonObject, name: string, depth: number): unknown {
  const schema = resolveReference(rawSchema, root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  const alternatives = asArray(schema.anyOf ?? schema.oneOf);
  if (alternatives.length > 0) return sampleValue(asObject(alternatives.find((item) => asObject(item).type !== 'null') ?? alternatives[0]), root, name, depth);
  if (Array.isArray(schema.allOf)) return sampleValue(Object.assign({}, ...schema.allOf.map(asObject)), root, name, depth);
  if (depth > MAX_DEPTH) return null;
  switch (schemaType(schema)) {
    case 'object': return sampleObject(schema, root, depth);
    case 'array': return sampleArray(schema, root, name, depth);
    case 'string': return sampleString(schema, name);
    case 'integer': return sampleNumber(schema, true);
    case 'number': return sampleNumber(schema, false);
    case 'boolean': return true;
    case 'null': return null;
    default: return `sample ${name}`;
  }
}

export function sampleFromSchema(schema: unknown): unknown {
  const root = asObject(schema);
  return sampleValue(root, root, 'value', 0);
}
