import type { Agent, AgentEvent, AgentRunOptions, AgentTurnResult } from '../agent/agent';
import type { Layers } from '../layers/layers';
import { RESOURCE_TOOL_NAME, type SkillRunPlan } from './skill-run-plan';
import { createSkillToolSource } from './skill-tool-source';
import { recordSkillUsage } from './skill-usage';

export interface SkillRunnerDependencies {
  readonly layers: Layers;
  readonly agent: Agent;
  readonly clock?: () => Date;
}

/** What the caller decides about a skill run (prompt, model, session, approvals, cancel); the skill supplies the rest. */
export type SkillRunRequest = Omit<AgentRunOptions, 'system' | 'headers' | 'preApprovedTools' | 'toolSources' | 'allowedModels' | 'skill'>;

/**
 * The agent options of a skill run: its instructions after DOSIA's and the layers', its gateway
 * flags on every model request, the tools it declares pre-approved (plus its own resource
 * tool: the skill reading its own folder), its models, and its name for the records. The
 * model is the caller's, else the skill's preferred one, else the first it allows.
 */
export function skillRunOptions(plan: SkillRunPlan, request: SkillRunRequest): AgentRunOptions {
  const model = request.model ?? plan.preferredModel ?? plan.allowedModels?.[0];
  return {
    ...request,
    ...(model ? { model } : {}),
    system: [{ type: 'text', text: plan.system }],
    headers: plan.headers,
    preApprovedTools: [...plan.preApprovedTools, RESOURCE_TOOL_NAME],
    toolSources: [createSkillToolSource(plan)],
    ...(plan.allowedModels ? { allowedModels: plan.allowedModels } : {}),
    skill: { name: plan.skill, version: plan.version },
  };
}

function recordRun(dependencies: SkillRunnerDependencies, plan: SkillRunPlan, result: AgentTurnResult): void {
  recordSkillUsage(dependencies.layers, {
    skill: plan.skill, model: result.model, ok: result.stop === 'finished',
    inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, credits: result.credits ?? 0,
    at: (dependencies.clock ?? (() => new Date()))(),
  });
}

/**
 * Runs a skill through the agent loop (as many steps as its tools need), passing every event
 * on; when the run ends, failed or not, it is added to the skill's usage totals. A run refused
 * before it starts (unknown model, one the skill does not allow) throws and is not counted.
 */
export async function* runSkill(dependencies: SkillRunnerDependencies, plan: SkillRunPlan, request: SkillRunRequest): AsyncGenerator<AgentEvent, void> {
  for await (const event of dependencies.agent.run(skillRunOptions(plan, request))) {
    if (event.type === 'turn-end') recordRun(dependencies, plan, event.result);
    yield event;
  }
}
