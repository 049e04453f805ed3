import { isPlainObject, type JsonObject, setPath } from './setting-paths';

/**
 * Arrays under `permissions` are rule lists: every layer's rules count, so they merge as a
 * union instead of the narrower list replacing the broader one.
 */
function isRuleList(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'permissions';
}

export function isRuleListKey(key: string): boolean {
  return isRuleList(key.split('.'));
}

function unionOf(broader: readonly unknown[], narrower: readonly unknown[]): unknown[] {
  const seen = new Set(broader.map((rule) => JSON.stringify(rule)));
  return [...broader, ...narrower.filter((rule) => !seen.has(JSON.stringify(rule)))];
}

/** Overlays `narrower` on `broader` key by key; nested objects merge deeply, other values are replaced. */
export function mergeInto(broader: JsonObject, narrower: JsonObject, path: readonly string[] = []): JsonObject {
  const result: JsonObject = { ...broader };
  for (const [name, value] of Object.entries(narrower)) {
    const existing = result[name];
    const childPath = [...path, name];
    if (isPlainObject(existing) && isPlainObject(value)) result[name] = mergeInto(existing, value, childPath);
    else if (isRuleList(childPath) && Array.isArray(existing) && Array.isArray(value)) result[name] = unionOf(existing, value);
    else result[name] = structuredClone(value);
  }
  return result;
}

/** A rule that is denied anywhere is dropped from every other rule list (allow, ask…): deny wins. */
export function applyDenyWins(settings: JsonObject): JsonObject {
  const permissions = settings.permissions;
  if (!isPlainObject(permissions) || !Array.isArray(permissions.deny)) return settings;
  const denied = new Set(permissions.deny.map((rule) => JSON.stringify(rule)));
  const filtered: JsonObject = {};
  for (const [list, rules] of Object.entries(permissions)) {
    filtered[list] = list !== 'deny' && Array.isArray(rules) ? rules.filter((rule) => !denied.has(JSON.stringify(rule))) : rules;
  }
  return { ...settings, permissions: filtered };
}

/**
 * Effective settings: layers given broadest first are overlaid in turn, Enterprise locks are
 * written on top so nothing below can change them, and deny rules win last.
 */
export function mergeSettings(broadestFirst: readonly JsonObject[], locked: Readonly<Record<string, unknown>>): JsonObject {
  const merged = broadestFirst.reduce<JsonObject>((result, layer) => mergeInto(result, layer), {});
  for (const [key, value] of Object.entries(locked)) setPath(merged, key, structuredClone(value));
  return applyDenyWins(merged);
}
