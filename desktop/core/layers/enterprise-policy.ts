import { type EnterprisePolicy, POLICY_KINDS, type PolicyKind } from './layers';
import { isPlainObject, splitKey } from './setting-paths';

export const EMPTY_POLICY: EnterprisePolicy = { file: null, locked: {}, deny: { providers: [], models: [], skills: [], mcpServers: [] }, allow: {} };

/** `*` matches any run of characters (slashes included, so `openai/*` covers every OpenAI model); the rest is literal. */
export function globMatches(pattern: string, name: string): boolean {
  const expression = pattern.split('*').map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${expression}$`).test(name);
}

function readNameLists(raw: unknown, field: 'deny' | 'allow', problems: string[]): Partial<Record<PolicyKind, string[]>> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    problems.push(`field ${field}: must be an object of name lists`);
    return {};
  }
  const lists: Partial<Record<PolicyKind, string[]>> = {};
  for (const [kind, names] of Object.entries(raw)) {
    if (!(POLICY_KINDS as readonly string[]).includes(kind)) problems.push(`field ${field}.${kind}: is not a known kind (${POLICY_KINDS.join(', ')})`);
    else if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) problems.push(`field ${field}.${kind}: must be an array of names`);
    else lists[kind as PolicyKind] = names as string[];
  }
  return lists;
}

function readLocked(raw: unknown, problems: string[]): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    problems.push('field locked: must be an object of setting keys and values');
    return {};
  }
  const locked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    try {
      splitKey(key);
      locked[key] = value;
    } catch {
      problems.push(`field locked.${key}: is not a setting key`);
    }
  }
  return locked;
}

/**
 * Reads policy.json field by field: a bad field is reported and skipped while every valid
 * one still applies, so one typo does not switch off the whole policy.
 */
export function readPolicy(raw: unknown, file: string): { policy: EnterprisePolicy; problems: string[] } {
  if (!isPlainObject(raw)) return { policy: { ...EMPTY_POLICY, file }, problems: ['field (root): must be a JSON object'] };
  const problems: string[] = [];
  const locked = readLocked(raw.locked, problems);
  const deny = { ...EMPTY_POLICY.deny, ...readNameLists(raw.deny, 'deny', problems) };
  const allow = readNameLists(raw.allow, 'allow', problems);
  for (const field of Object.keys(raw)) if (!['locked', 'deny', 'allow', '$schema'].includes(field)) problems.push(`field ${field}: is not a known field`);
  return { policy: { file, locked, deny, allow }, problems };
}

/** Why policy refuses `name`, or null: deny lists win, then an allow list (when the kind has one) must match. */
export function policyDenial(policy: EnterprisePolicy, kind: PolicyKind, name: string): string | null {
  const denying = policy.deny[kind].find((pattern) => globMatches(pattern, name));
  if (denying !== undefined) return `${kind} "${name}" is denied by Enterprise policy (rule "${denying}" in ${policy.file})`;
  const allowList = policy.allow[kind];
  if (allowList && !allowList.some((pattern) => globMatches(pattern, name))) return `${kind} "${name}" is not in the Enterprise allow list (${policy.file})`;
  return null;
}
