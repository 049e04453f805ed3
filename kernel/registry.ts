import type { Capabilities, CapabilityName, ContributionPoint, Contributions } from './capabilities';
import { kernelErrors } from './kernel-errors';

interface Provided {
  readonly plugin: string;
  readonly value: unknown;
}

/**
 * Holds what plugins provide. Single capabilities (`provide`/`use`) have exactly one
 * provider; contribution points (`contribute`/`contributions`) collect items from many.
 */
export class CapabilityRegistry {
  private readonly single = new Map<string, Provided>();
  private readonly lists = new Map<string, { plugin: string; item: unknown }[]>();

  provide<K extends CapabilityName>(plugin: string, name: K, value: Capabilities[K]): () => void {
    const existing = this.single.get(name);
    if (existing) throw kernelErrors.create('BSK_CAPABILITY_DUPLICATE', { capability: name, first: existing.plugin, second: plugin });
    this.single.set(name, { plugin, value });
    return () => {
      if (this.single.get(name)?.plugin === plugin) this.single.delete(name);
    };
  }

  use<K extends CapabilityName>(name: K): Capabilities[K] {
    const provided = this.single.get(name);
    if (!provided) throw kernelErrors.create('BSK_CAPABILITY_MISSING', { capability: name });
    return provided.value as Capabilities[K];
  }

  has(name: string): boolean {
    return this.single.has(name) || (this.lists.get(name)?.length ?? 0) > 0;
  }

  contribute<K extends ContributionPoint>(plugin: string, point: K, item: Contributions[K]): () => void {
    const entry = { plugin, item };
    const list = this.lists.get(point) ?? [];
    list.push(entry);
    this.lists.set(point, list);
    return () => {
      const current = this.lists.get(point);
      if (current) this.lists.set(point, current.filter((candidate) => candidate !== entry));
    };
  }

  contributions<K extends ContributionPoint>(point: K): Contributions[K][] {
    return (this.lists.get(point) ?? []).map((entry) => entry.item as Contributions[K]);
  }

  /** Which plugin provided what, for `/health` and `plugins list`. */
  providers(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const [name, provided] of this.single) (result[provided.plugin] ??= []).push(name);
    for (const [point, entries] of this.lists) for (const entry of entries) (result[entry.plugin] ??= []).push(point);
    return result;
  }
}
