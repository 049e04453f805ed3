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

function parseHeader(header: string): unknown {
  try {
    return JSON.parse(header);
  } catch (error) {
    throw flagErrors.create('BSK_FLAGS_MALFORMED', { source: 'the x-bytespike-flags header', reason: (error as Error).message, param: 'x-bytespike-flags' }, { cause: error });
  }
}

/** The flags a request asks for: the `bytespike` body field, overridden flag by flag by the header. */
export function readRequestFlags(sources: RequestFlagSources): FeatureFlags {
  const fromBody = sources.body === undefined ? {} : checkFlags(sources.body, 'bytespike');
  const fromHeader = sources.header === undefined ? {} : checkFlags(parseHeader(sources.header), 'x-bytespike-flags');
  return { ...fromBody, ...fromHeader };
}
