import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import featureFlagsSchema from '../../../schemas/feature-flags.schema.json';
import marketplaceSchema from '../../../schemas/marketplace.schema.json';
import skillSchema from '../../../schemas/skill.schema.json';

// ajv ships CommonJS; under ESM interop the class may sit on `.default`.
const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/**
 * Our own ajv instance: the skill schema refers to the feature-flags schema by its `$id`,
 * and registering that id in the kernel's shared instance could clash with the gateway's
 * own compilation of the same file.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(featureFlagsSchema);

/** Each schema compiled once, at first use. */
function lazy(schema: object): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => (validate ??= ajv.compile(schema));
}

export const skillValidator = lazy(skillSchema);
export const marketplaceValidator = lazy(marketplaceSchema);
export const featureFlagsValidator = lazy(featureFlagsSchema);

/** `/dosia/gateway/cache` -> ['dosia', 'gateway', 'cache'], plus the missing or extra property the error names. */
export function errorPath(error: ErrorObject): string[] {
  const segments = error.instancePath.split('/').filter(Boolean).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return segments;
}

export function describeSchemaError(error: ErrorObject): string {
  const field = errorPath(error).join('.') || '(front matter)';
  switch (error.keyword) {
    case 'required':
      return `${field}: "${String(error.params.missingProperty)}" is required`;
    case 'additionalProperties':
      return `${field}: unknown field`;
    case 'enum':
      return `${field}: must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `${field}: ${error.message ?? 'is invalid'}`;
  }
}

/** ajv reports a failed `oneOf` and each branch's failure; the branch errors say more. */
export function usefulErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if');
  return specific.length ? specific : [...errors];
}
