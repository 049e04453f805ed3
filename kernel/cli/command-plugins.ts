import { type LoadedManifest, parseRequirement } from '../manifest';
import type { Plan } from '../plan';

/** Plugins of the plan that satisfy a requirement: the plugin of that name, or those providing it. */
function providersOf(plan: Plan, name: string): string[] {
  return plan.plugins
    .filter(({ manifest }) => manifest.name === name || (manifest.provides ?? []).some((entry) => parseRequirement(entry).name === name))
    .map(({ manifest }) => manifest.name);
}

/**
 * The plugins a command declared in a manifest's `commands` needs: its own plugin, the
 * providers of the names it lists, and everything those require, transitively. Optional
 * requirements pull nothing in: `bytespike mcp` must not bring up the HTTP host and the
 * store (and their files) because the MCP front-end can also serve routes when they are there.
 * Undefined when no planned plugin declares the command: it needs the whole profile.
 */
export function commandPlugins(plan: Plan, command: string): ((plugin: LoadedManifest) => boolean) | undefined {
  const owner = plan.plugins.find(({ manifest }) => manifest.commands?.[command]);
  if (!owner) return undefined;
  const wanted = new Set([owner.manifest.name, ...owner.manifest.commands![command]!.plugins.flatMap((name) => providersOf(plan, name))]);
  const pending = [...wanted];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const requires = plan.plugins.find(({ manifest }) => manifest.name === name)?.manifest.requires ?? [];
    for (const requirement of requires.map(parseRequirement).filter((entry) => !entry.optional)) {
      for (const provider of providersOf(plan, requirement.name).filter((candidate) => !wanted.has(candidate))) {
        wanted.add(provider);
        pending.push(provider);
      }
    }
  }
  return (plugin) => wanted.has(plugin.manifest.name);
}
