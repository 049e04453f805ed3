import type { Layers } from '../layers/layers';
import { skillErrors } from './errors';
import type { ValidSkill } from './validate-skill';

/**
 * Why Enterprise policy refuses this skill, or null: the skill itself, any model it prefers,
 * allows or falls back to, and any MCP server it uses.
 */
export function policyDenial(layers: Layers, skill: ValidSkill): string | null {
  const { name, dosia } = skill.manifest;
  const own = layers.denial('skills', name);
  if (own) return own;
  const models = [dosia?.models?.preferred, ...(dosia?.models?.allowed ?? []), ...(dosia?.gateway?.fallback ?? [])].filter((model): model is string => Boolean(model));
  for (const model of models) {
    const denial = layers.denial('models', model);
    if (denial) return `it asks for model ${model}, and ${denial}`;
  }
  for (const server of dosia?.mcp ?? []) {
    const denial = layers.denial('mcpServers', server);
    if (denial) return `it uses MCP server ${server}, and ${denial}`;
  }
  return null;
}

export function assertPermitted(layers: Layers, skill: ValidSkill): void {
  const reason = policyDenial(layers, skill);
  if (reason) throw skillErrors.create('BSK_SKILL_POLICY_DENIED', { skill: skill.manifest.name, reason });
}
