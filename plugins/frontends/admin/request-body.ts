import { type JsonSchema, validateAgainst } from '../../../kernel/schema-validator';
import { adminErrors } from './errors';

/** Validates a body (or query) against its schema; the first problem names its field in a 400. */
export function parseInput<T>(schema: JsonSchema, value: unknown): T {
  const problems = validateAgainst(schema, value ?? {});
  const problem = problems[0];
  if (problem) throw adminErrors.create('BSK_ADMIN_BODY_INVALID', { param: problem.field === '(root)' ? 'body' : problem.field, reason: problem.reason });
  return (value ?? {}) as T;
}

/** Integer credits: the schema bounds them so JSON like 1e30 or 1.5 is refused before any service sees it. */
const credits = { type: 'integer', minimum: 0, maximum: 1_000_000_000_000_000 };
const positiveCredits = { ...credits, minimum: 1 };
const optionalCredits = { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000_000_000_000 };
const optionalRpm = { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 };
const optionalTpm = { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000_000_000 };
const flagNames = { enum: ['cache', 'fallback', 'retry', 'timeout_ms'] };

const quota = {
  type: 'object',
  additionalProperties: false,
  properties: { daily: optionalCredits, monthly: optionalCredits, rpm: optionalRpm, tpm: optionalTpm },
};

const keyFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['chat', 'images', 'videos', 'embeddings', 'rerank', 'skills:publish', 'keys:derive'] } },
  models: { type: ['array', 'null'], items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 200 },
  credit_limit: optionalCredits,
  rpm: optionalRpm,
  tpm: optionalTpm,
  expires_at: { type: ['string', 'null'], format: 'date-time' },
};

export const schemas = {
  createOrg: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
  addCredits: { type: 'object', additionalProperties: false, required: ['amount'], properties: { amount: positiveCredits, note: { type: 'string', maxLength: 500 } } },
  setLimits: { type: 'object', additionalProperties: false, minProperties: 1, properties: { daily: optionalCredits, monthly: optionalCredits } },
  addMember: {
    type: 'object', additionalProperties: false, required: ['email', 'role'],
    properties: { email: { type: 'string', minLength: 3, maxLength: 320 }, role: { enum: ['owner', 'admin', 'member'] }, quota },
  },
  updateMember: { type: 'object', additionalProperties: false, required: ['quota'], properties: { quota } },
  createKey: { type: 'object', additionalProperties: false, required: ['name'], properties: keyFields },
  usageQuery: { type: 'object', additionalProperties: false, properties: { from: { type: 'string' }, to: { type: 'string' } } },
  invoiceQuery: { type: 'object', additionalProperties: false, required: ['month'], properties: { month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } } },
  /** The shape only; the feature-flags plugin checks defaults against schemas/feature-flags.schema.json. */
  flagSettings: {
    type: 'object', additionalProperties: false,
    properties: {
      defaults: { type: 'object' },
      forbid: { type: 'array', uniqueItems: true, items: flagNames },
      caps: { type: 'object', additionalProperties: { type: 'integer', minimum: 0, maximum: 1_000_000_000 } },
    },
  },
  generationQuery: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 128 } } },
} satisfies Record<string, JsonSchema>;

export interface QuotaBody {
  readonly daily?: number | null;
  readonly monthly?: number | null;
  readonly rpm?: number | null;
  readonly tpm?: number | null;
}

export interface KeyBody {
  readonly name: string;
  readonly scopes?: string[];
  readonly models?: string[] | null;
  readonly credit_limit?: number | null;
  readonly rpm?: number | null;
  readonly tpm?: number | null;
  readonly expires_at?: string | null;
}
