import type { ToolSource } from '../agent/tool-source';
import type { LayerName, Layers } from '../layers/layers';
import type { ProviderSlot } from '../providers/dosia-provider';
import { skillErrors } from './errors';
import { findInstalledSkill, type InstalledSkill, listInstalledSkills } from './installed-skills';
import type { FetchFunction } from './marketplace-client';
import { listMarketplaces, type MarketplaceSource } from './marketplace-sources';
import { searchMarketplaces, type SearchResult } from './search-marketplaces';
import { installSkill, type InstallResult, parseSkillSpec, removeSkill } from './skill-installer';
import { assertPermitted } from './skill-policy';
import { planSkillRun, type SkillRunPlan } from './skill-run-plan';
import { runSkillTurn, type SkillTurnRequest, type SkillTurnResult } from './skill-runner';
import { createSkillToolSource } from './skill-tool-source';
import { type UpdateOutcome, updateSkills } from './skill-updater';
import { readSkillUsage, type SkillUsageTotals } from './skill-usage';

/** The `skills` capability: what the desktop Skills panel and the agent loop use. */
export interface SkillsService {
  marketplaces(): MarketplaceSource[];
  search(query?: string): Promise<SearchResult>;
  /** Every skill across the layers, with its layer, what it shadows, validity and policy. */
  list(): InstalledSkill[];
  install(spec: string, options?: { layer?: LayerName; marketplace?: string }): Promise<InstallResult>;
  update(name?: string): Promise<UpdateOutcome[]>;
  remove(name: string, layer?: LayerName): { layer: LayerName; path: string };
  /** Loads an installed skill (refused when invalid or denied by policy) and composes its run. */
  plan(name: string, inputs?: Readonly<Record<string, unknown>>): SkillRunPlan;
  /** One model turn of the skill through the Provider slot, carrying its gateway flags. */
  run(name: string, request: SkillTurnRequest & { inputs?: Readonly<Record<string, unknown>> }): Promise<SkillTurnResult>;
  /** The tools a running skill adds to the agent loop (its on-demand resources). */
  toolSource(plan: SkillRunPlan): ToolSource;
  usage(): Record<string, SkillUsageTotals>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    skills: SkillsService;
  }
}

export interface SkillsServiceDependencies {
  readonly layers: Layers;
  readonly providers: () => ProviderSlot | undefined;
  readonly fetch: FetchFunction;
  readonly now: () => number;
}

export function createSkillsService(dependencies: SkillsServiceDependencies): SkillsService {
  const { layers } = dependencies;
  const marketplaces = () => listMarketplaces(layers, dependencies.providers()?.configs() ?? []);
  const installer = { layers, marketplaces, fetch: dependencies.fetch };
  const plan = (name: string, inputs: Readonly<Record<string, unknown>> = {}) => {
    const installed = findInstalledSkill(layers, name);
    if (!installed) throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: name, where: 'in any layer' });
    if (!installed.skill) throw skillErrors.create('BSK_SKILL_INVALID', { skill: name, problems: installed.problems.join('\n') });
    assertPermitted(layers, installed.skill);
    return planSkillRun(installed.skill, installed.path, inputs);
  };
  return {
    marketplaces,
    search: (query = '') => searchMarketplaces(marketplaces(), query, dependencies.fetch),
    list: () => listInstalledSkills(layers),
    install: (spec, options = {}) => installSkill(installer, parseSkillSpec(spec), options),
    update: (name) => updateSkills(installer, name),
    remove: (name, layer) => removeSkill(layers, name, layer),
    plan,
    async run(name, request) {
      const providers = dependencies.providers();
      if (!providers) throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: name, reason: 'no Provider slot is loaded (the dosia-providers plugin)' });
      return runSkillTurn({ layers, providers, fetch: dependencies.fetch, now: dependencies.now }, plan(name, request.inputs), request);
    },
    toolSource: createSkillToolSource,
    usage: () => readSkillUsage(layers),
  };
}
