import type { JsonSchema } from '../../../kernel/schema-validator';
import { schemas as adminSchemas } from '../admin/request-body';

const email = { type: 'string', minLength: 3, maxLength: 320 };
const password = { type: 'string', maxLength: 256 };
const role = { enum: ['owner', 'admin', 'member'] };
const optionalCredits = { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000_000_000_000 };

/** Console request bodies and queries; key, limit and quota shapes are the admin API's. */
export const consoleSchemas = {
  signUp: { type: 'object', additionalProperties: false, required: ['email', 'password', 'org_name'], properties: { email, password, org_name: { type: 'string', minLength: 1, maxLength: 200 } } },
  signIn: { type: 'object', additionalProperties: false, required: ['email', 'password'], properties: { email, password, org_id: { type: 'string', maxLength: 64 } } },
  switchOrg: { type: 'object', additionalProperties: false, required: ['org_id'], properties: { org_id: { type: 'string', maxLength: 64 } } },
  acceptInvite: { type: 'object', additionalProperties: false, required: ['password'], properties: { password } },
  invite: { type: 'object', additionalProperties: false, required: ['email', 'role'], properties: { email, role } },
  updateMember: {
    type: 'object', additionalProperties: false, minProperties: 1,
    properties: { role, suspended: { type: 'boolean' }, quota: adminSchemas.updateMember.properties.quota },
  },
  redeem: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 100 } } },
  alert: { type: 'object', additionalProperties: false, required: ['threshold'], properties: { threshold: optionalCredits } },
  limits: adminSchemas.setLimits,
  createKey: adminSchemas.createKey,
  usageQuery: adminSchemas.usageQuery,
  invoiceQuery: {
    type: 'object', additionalProperties: false, required: ['month'],
    properties: { month: adminSchemas.invoiceQuery.properties.month, format: { enum: ['json', 'csv'] } },
  },
  requestQuery: {
    type: 'object', additionalProperties: false,
    properties: {
      from: { type: 'string' }, to: { type: 'string' }, model: { type: 'string', maxLength: 200 }, key_id: { type: 'string', maxLength: 64 },
      outcome: { enum: ['ok', 'error'] }, limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' }, format: { enum: ['json', 'csv'] },
    },
  },
} satisfies Record<string, JsonSchema>;
