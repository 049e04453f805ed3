import { globMatches } from './enterprise-policy';
import type { LayerSettings } from './layer-files';
import type { LayerName, PermissionDecision, PermissionList } from './layers';
import { isPlainObject, type JsonObject } from './setting-paths';

function rulesOf(settings: JsonObject, list: PermissionList): string[] {
  const permissions = settings.permissions;
  if (!isPlainObject(permissions) || !Array.isArray(permissions[list])) return [];
  return permissions[list].filter((rule): rule is string => typeof rule === 'string');
}

/** The narrowest layer listing the rule; a rule no layer lists came from an Enterprise lock. */
function layerOfRule(rule: string, list: PermissionList, narrowestFirst: readonly LayerSettings[]): LayerName {
  return narrowestFirst.find((layer) => rulesOf(layer.settings, list).includes(rule))?.layer ?? 'enterprise';
}

/**
 * Decides an action (`tool(argument)`, matched with `*` globs) against the merged rules:
 * any matching deny rule wins, then an ask rule (a person confirms even where a broader allow
 * rule matches), then an allow rule; no match asks.
 */
export function decidePermission(action: string, effective: JsonObject, narrowestFirst: readonly LayerSettings[]): PermissionDecision {
  for (const list of ['deny', 'ask', 'allow'] as const) {
    const rule = rulesOf(effective, list).find((candidate) => globMatches(candidate, action));
    if (rule !== undefined) return { decision: list, rule, layer: layerOfRule(rule, list, narrowestFirst) };
  }
  return { decision: 'ask', rule: null, layer: null };
}
