import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import modelEntrySchema from '../schemas/model-entry.schema.json';

export type JsonSchema = Record<string, unknown>;

// ajv ships CommonJS; under ESM interop the class may sit on `.default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module);
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);

// `inlineRefs: false`: by default ajv compiles every `$ref`'d schema that has no refs of its own
// into each schema referring to it, so the shared model entry was compiled into each of the six
// providers' validators at every boot. Not inlined, a `$ref` calls the one validator compiled for
// its target: the same checks, defaults and error paths, one function call more.
const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false, inlineRefs: false });
addFormats(ajv);
// An upstream base URL: what the providers' HTTP client can call. ajv-formats' `uri` lets
// `ftp://…` and `mailto:…` through; a base URL that fails here would fail every request instead.
ajv.addFormat('http-url', (value: string) => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
});
// Schemas plugin manifests may `$ref` by their $id (a provider's `models` entries), so each
// plugin's config states the shared shape without repeating it.
ajv.addSchema(modelEntrySchema);

const compiledByObject = new WeakMap<object, ValidateFunction>();
// Equal schemas arrive as different objects: a boot plans twice (the command's plugins, then
// the boot), reading every manifest anew, and tool schemas are rebuilt per caller. Keyed by
// text, each is compiled once; the text is only made when the object itself is new.
const compiledByText = new Map<string, ValidateFunction>();

/** Compiles a schema once (cached by object, then by content) and returns its validator. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  let validate = compiledByObject.get(schema);
  if (validate) return validate;
  const text = JSON.stringify(schema);
  validate = compiledByText.get(text);
  if (!validate) {
    validate = ajv.compile(schema);
    compiledByText.set(text, validate);
  }
  compiledByObject.set(schema, validate);
  return validate;
}

export interface SchemaProblem {
  /** JSON-pointer-like dotted path to the failing field, e.g. `engines.kernel`; `(root)` for the whole document. */
  readonly field: string;
  readonly reason: string;
}

function toDottedPath(error: ErrorObject): string {
  const segments = error.instancePath.split('/').filter(Boolean).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  if (error.keyword === 'unevaluatedProperties') segments.push(String(error.params.unevaluatedProperty));
  return segments.length ? segments.join('.') : '(root)';
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not a known field';
    // The value itself is never shown: a URL may carry a key (`https://user:key@host`, `?key=`).
    case 'format':
      return error.params.format === 'http-url' ? 'must be an http:// or https:// URL' : error.message ?? 'is invalid';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Validates `value` (applying schema defaults in place) and returns the problems found,
 * most specific first, so the first one is the best single line to show a person.
 */
export function validateAgainst(schema: JsonSchema, value: unknown): SchemaProblem[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .map((error) => ({ field: toDottedPath(error), reason: describe(error) }))
    .sort((a, b) => b.field.split('.').length - a.field.split('.').length);
}
