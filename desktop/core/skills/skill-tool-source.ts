import type { ToolSource } from '../agent/tool-source';
import type { SkillRunPlan } from './skill-run-plan';

/**
 * The tools a running skill adds to the agent loop: reading its own scripts/, references/
 * and assets/ on demand. A refused path becomes an error result the model sees.
 */
export function createSkillToolSource(plan: SkillRunPlan): ToolSource {
  return {
    name: `skill:${plan.skill}`,
    list: () => [{ ...plan.resourceTool, permissionTarget: (input) => String((input as { path?: unknown }).path ?? '') }],
    async call(name, input) {
      if (name !== plan.resourceTool.name) return { content: `the ${plan.skill} skill has no tool ${name}`, isError: true };
      try {
        return { content: plan.loadResource(String((input as { path?: unknown }).path ?? '')) };
      } catch (error) {
        return { content: (error as Error).message, isError: true };
      }
    },
  };
}
