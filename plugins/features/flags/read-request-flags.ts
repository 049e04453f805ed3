import { type JsonSchema, validateAgainst } from '../../../kernel/schema-validator';
import type { FeatureFlags } from '../../router/chat-middleware';
import type { RequestFlagSources } from '../../router/ports';
import featureFlagsSchema from '../../../schemas/feature-flags.schema.json';
import { flagErrors } from './errors';

/**
 * Checks a flags object against schemas/feature-flags.schema.json (the one DOSIA skill
 * manifests use), refusing the first problem with the flag it concerns: `source.flag.field`.
 */
export function checkFlags(value: unknown, source: string): FeatureFlags {
  const problems = validateAgainst(featureFlagsSchema as JsonSchema, value);
  if (!problems.length) return value as FeatureFlags;
  const { field, reason } = problems[0]!;
  const flag = field === '(root)' ? source : field;
  throw flagErrors.create('BSK_FLAGS_INVALID', { flag, reason, param: field === '(root)' ? source : `${source}.${field}` });
}

/** Flags sent as JSON text: the header, or the `bytespike` field of a multipart body. */
function parseFlagsText(text: string, source: string, param: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw flagErrors.create('BSK_FLAGS_MALFORMED', { source, reason: (error as Error).message, param }, { cause: error });
  }
}

/** The `bytespike` field of the body: an object in a JSON body, JSON text in a multipart one. */
function bodyFlags(sources: RequestFlagSources): FeatureFlags {
  if (sources.form !== undefined) return checkFlags(parseFlagsText(sources.form, 'the bytespike form field', 'bytespike'), 'bytespike');
  return sources.body === undefined ? {} : checkFlags(sources.body, 'bytespike');
}

/** The flags a request asks for: the `bytespike` body field, overridden flag by flag by the header. */
export function readRequestFlags(sources: RequestFlagSources): FeatureFlags {
  const fromHeader = sources.header === undefined ? {} : checkFlags(parseFlagsText(sources.header, 'the x-bytespike-flags header', 'x-bytespike-flags'), 'x-bytespike-flags');
  return { ...bodyFlags(sources), ...fromHeader };
}
