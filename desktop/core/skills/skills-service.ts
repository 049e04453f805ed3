import type { Agent, AgentEvent } from '../agent/agent';
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
import { runSkill, type SkillRunRequest } from './skill-runner';
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
  /**
   * Runs an installed skill through the agent loop (its instructions, gateway flags on every
   * model request, pre-approved tools, allowed models) and adds the run to its usage totals.
   * The first iteration throws for an unknown, invalid or denied skill, or bad inputs.
   */
  run(name: string, request: SkillRunRequest & { readonly inputs?: Readonly<Record<string, unknown>> }): AsyncGenerator<AgentEvent, void>;
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
  /** The agent loop skills run in, when the dosia-agent plugin is loaded. */
  readonly agent: () => Agent | undefined;
  readonly fetch: FetchFunction;
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
    async *run(name, { inputs, ...request }) {
      const agent = dependencies.agent();
      if (!agent) throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: name, reason: 'no agent is loaded (the dosia-agent plugin)' });
      yield* runSkill({ layers, agent }, plan(name, inputs), request);
    },
    toolSource: createSkillToolSource,
    usage: () => readSkillUsage(layers),
  };
}
