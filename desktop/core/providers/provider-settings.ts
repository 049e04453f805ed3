import { randomBytes } from 'node:crypto';
import type { LayerName, Layers, WriteResult } from '../layers/layers';
import { secretNameOf, secretReference } from '../secrets/key-reference';
import type { SecretStore } from '../secrets/secret-store';
import type { ProviderType } from './dosia-provider';

export interface ProviderEntry {
  readonly type: ProviderType;
  readonly url: string;
  readonly key?: string;
}

/** The secret a layer's `providers.<name>.key` refers to, if it refers to one. */
function referencedSecret(layers: Layers, name: string, layer: LayerName): string | null {
  const providers = layers.layerSettings(layer).providers as Record<string, { key?: unknown }> | undefined;
  return secretNameOf(providers?.[name]?.key);
}

/**
 * Writes `providers.<name>` into a layer. The key goes to the secret store and settings.json
 * holds only `secret:<id>`, so a key never sits in a file that is shared, synced or committed
 * with a project. The id is new each time (two projects may both name a provider `gateway`);
 * the secret the entry referred to before is deleted once the new entry is written.
 */
export function saveProvider(layers: Layers, secrets: SecretStore | undefined, name: string, entry: ProviderEntry, layer: LayerName): WriteResult {
  const previous = referencedSecret(layers, name, layer);
  let key = entry.key;
  let saved: string | null = null;
  if (key && secrets) {
    saved = `providers.${name}.${randomBytes(6).toString('hex')}`;
    secrets.set(saved, key);
    key = secretReference(saved);
  }
  let written: WriteResult;
  try {
    written = layers.set(`providers.${name}`, { type: entry.type, url: entry.url, ...(key ? { key } : {}) }, layer);
  } catch (error) {
    if (saved) secrets!.delete(saved);
    throw error;
  }
  if (previous && previous !== saved) secrets?.delete(previous);
  return written;
}

/** Removes `providers.<name>` from a layer, and the secret its key referred to. */
export function removeProvider(layers: Layers, secrets: SecretStore | undefined, name: string, layer: LayerName): WriteResult {
  const previous = referencedSecret(layers, name, layer);
  const written = layers.unset(`providers.${name}`, layer);
  if (previous) secrets?.delete(previous);
  return written;
}
