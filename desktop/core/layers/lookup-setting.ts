import type { LayerSettings } from './layer-files';
import { isRuleListKey } from './merge-settings';
import type { EnterprisePolicy, SettingValue } from './layers';
import { getPath, isPlainObject, type JsonObject, keysOverlap } from './setting-paths';

/** The locked key that covers `key` (the key itself or one of its parents), if any. */
export function lockCovering(policy: EnterprisePolicy, key: string): string | undefined {
  return Object.keys(policy.locked).find((locked) => key === locked || key.startsWith(`${locked}.`));
}

/** A locked key that writing `key` would touch: the key, a parent of it, or a key inside it. */
export function lockTouching(policy: EnterprisePolicy, key: string): string | undefined {
  return Object.keys(policy.locked).find((locked) => keysOverlap(locked, key));
}

/**
 * One setting with its provenance. `layered` is narrowest first. A value combined from
 * several layers (an object merged deeply, a permission rule list) shadows nothing; any
 * other value comes from the narrowest layer and shadows every broader one that sets it.
 */
export function lookupSetting(key: string, layered: readonly LayerSettings[], effective: JsonObject, policy: EnterprisePolicy): SettingValue {
  const value = getPath(effective, key);
  const setting = layered.filter((layer) => getPath(layer.settings, key) !== undefined);
  const sources = setting.map((layer) => layer.layer);
  if (lockCovering(policy, key) !== undefined) {
    return { key, value, layer: 'enterprise', file: policy.file, locked: true, merged: false, sources, shadows: sources };
  }
  const merged = (isPlainObject(value) || (Array.isArray(value) && isRuleListKey(key))) && sources.length > 1;
  return {
    key,
    value,
    layer: sources[0] ?? null,
    file: setting[0]?.file ?? null,
    locked: false,
    merged,
    sources,
    shadows: merged ? [] : sources.slice(1),
  };
}
