import type { ToolDefinition } from '../../../kernel/canonical/request';
import { resolveSkillInputs, type InputValue } from './skill-inputs';
import { type GatewayFlags, INPUT_PLACEHOLDER } from './skill-manifest';
import { listSkillResources, loadSkillResource } from './skill-resources';
import type { ValidSkill } from './validate-skill';

/** Header the ByteSpike gateway reads feature flags from (schemas/feature-flags.schema.json as JSON). */
export const FLAGS_HEADER = 'x-bytespike-flags';
export const RESOURCE_TOOL_NAME = 'read_skill_resource';

/** Everything the agent loop needs to run one skill. */
export interface SkillRunPlan {
  readonly skill: string;
  readonly version: string | null;
  /** The instructions, inputs filled in, plus the inputs and the resources it may load. */
  readonly system: string;
  readonly inputs: Readonly<Record<string, InputValue>>;
  readonly flags: GatewayFlags;
  /** Headers every model request of this run carries (the gateway flags, when the skill asks for any). */
  readonly headers: Readonly<Record<string, string>>;
  /** Tools that run without asking: `allowed-tools` and `permissions.mcp_tools`, nothing else. */
  readonly preApprovedTools: readonly string[];
  /** Tools and MCP servers it uses (these still ask unless pre-approved). */
  readonly tools: readonly string[];
  readonly mcpServers: readonly string[];
  /** The preferred model, and the only ones it may run on (null: any). */
  readonly preferredModel: string | null;
  readonly allowedModels: readonly string[] | null;
  /** The tool through which the model loads scripts/, references/, assets/ on demand. */
  readonly resourceTool: ToolDefinition;
  loadResource(path: string): string;
}

function allowedTools(skill: ValidSkill): string[] {
  const declared = skill.manifest['allowed-tools'];
  // Space-delimited, but a rule's parentheses may hold spaces: `bash(git diff*) read_file`.
  const list = typeof declared === 'string' ? declared.match(/[^\s(]+(?:\([^)]*\))?/g) ?? [] : [...(declared ?? [])];
  return [...new Set([...list, ...(skill.manifest.dosia?.permissions?.mcp_tools ?? [])])];
}

function composeSystem(skill: ValidSkill, inputs: Readonly<Record<string, InputValue>>): string {
  const { name } = skill.manifest;
  const instructions = skill.instructions.replace(INPUT_PLACEHOLDER, (whole, input: string) => (input in inputs ? String(inputs[input]) : whole));
  const resources = listSkillResources(skill);
  const sections = [`<skill name="${name}"${skill.version ? ` version="${skill.version}"` : ''}>`, instructions.trim()];
  if (Object.keys(inputs).length) sections.push('Inputs:', ...Object.entries(inputs).map(([key, value]) => `- ${key}: ${String(value)}`));
  if (resources.length) sections.push(`Files you may load with the ${RESOURCE_TOOL_NAME} tool when you need them:`, ...resources.map((path) => `- ${path}`));
  sections.push('</skill>');
  return sections.join('\n\n');
}

/**
 * Composes a skill run: its instructions (inputs resolved) as the system prompt, the headers
 * carrying its gateway flags, the tools it pre-approves, and on-demand resource loading.
 */
export function planSkillRun(skill: ValidSkill, folder: string, givenInputs: Readonly<Record<string, unknown>> = {}): SkillRunPlan {
  const dosia = skill.manifest.dosia;
  const inputs = resolveSkillInputs(skill.manifest.name, dosia?.inputs ?? {}, givenInputs);
  const flags = dosia?.gateway ?? {};
  return {
    skill: skill.manifest.name,
    version: skill.version,
    system: composeSystem(skill, inputs),
    inputs,
    flags,
    headers: Object.keys(flags).length ? { [FLAGS_HEADER]: JSON.stringify(flags) } : {},
    preApprovedTools: allowedTools(skill),
    tools: dosia?.tools ?? [],
    mcpServers: dosia?.mcp ?? [],
    preferredModel: dosia?.models?.preferred ?? null,
    allowedModels: dosia?.models?.allowed ?? null,
    resourceTool: {
      name: RESOURCE_TOOL_NAME,
      description: `Reads a file of the ${skill.manifest.name} skill (scripts/, references/ or assets/).`,
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
    },
    loadResource: (path) => loadSkillResource(skill, folder, path),
  };
}
