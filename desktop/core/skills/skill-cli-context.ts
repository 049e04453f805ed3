import type { CliIo } from '../../../kernel/cli/command';
import type { ParsedArgs } from '../../../kernel/cli/parse-args';
import { isBskError } from '../../../kernel/errors';
import { layersForArgs, reportProblems } from '../layers/cli-support';
import type { Layers } from '../layers/layers';
import type { Agent } from '../agent/agent';
import type { ProviderConfig, ProviderSlot } from '../providers/dosia-provider';
import { skillErrors } from './errors';
import type { FetchFunction } from './marketplace-client';
import { listMarketplaces, type MarketplaceSource } from './marketplace-sources';
import type { InstallerDependencies } from './skill-installer';
import type { SkillRunnerDependencies } from './skill-runner';

/** What the `skill` and `marketplace` commands work with. */
export interface SkillServices {
  readonly layers: Layers;
  /** The Provider slot, when the dosia-providers plugin is loaded. */
  readonly providers: ProviderSlot | undefined;
  /** The agent loop, when the dosia-agent plugin is loaded: `skill run` and `skill test` need it. */
  readonly agent: Agent | undefined;
  readonly fetch: FetchFunction;
  readonly cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function providerConfigs(services: SkillServices): readonly ProviderConfig[] {
  return services.providers?.configs() ?? [];
}

export function marketplacesFor(services: SkillServices, layers: Layers): MarketplaceSource[] {
  return listMarketplaces(layers, providerConfigs(services));
}

/** The layers as `--session` sees them, and the installer and runner bound to them. */
export function bindServices(services: SkillServices, args: ParsedArgs, io: CliIo) {
  const layers = layersForArgs(services.layers, args);
  reportProblems(io, layers.problems());
  const installer: InstallerDependencies = { layers, marketplaces: () => marketplacesFor(services, layers), fetch: services.fetch };
  const runner = (): SkillRunnerDependencies => {
    if (!services.agent) throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: '(any)', reason: 'no agent is loaded (the dosia-agent plugin)' });
    return { layers, agent: services.agent };
  };
  return { layers, installer, runner };
}

/** Our typed errors print as `error: … [CODE]` and exit 1; anything else is a bug and propagates. */
export async function withSkillErrors(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!isBskError(error)) throw error;
    io.err(`error: ${error.message} [${error.code}]\n`);
    return error.code === 'BSK_CLI_USAGE' || error.code === 'BSK_LAYERS_UNKNOWN_LAYER' ? EXIT_USAGE : EXIT_FAILED;
  }
}
