import type { CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { parseLayerName } from '../layers/layer-roots';
import { listInstalledSkills, type InstalledSkill } from './installed-skills';
import { findMarketplace } from './marketplace-sources';
import { searchMarketplaces } from './search-marketplaces';
import { bindServices, EXIT_OK, EXIT_USAGE, type SkillServices } from './skill-cli-context';
import { installSkill, parseSkillSpec, removeSkill, type InstallResult } from './skill-installer';
import { updateSkills } from './skill-updater';
import { readSkillUsage } from './skill-usage';

export async function searchCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { installer } = bindServices(services, args, io);
  const only = optionString(args, 'marketplace');
  const sources = only ? [findMarketplace(installer.marketplaces(), only)] : installer.marketplaces();
  const { hits, failures } = await searchMarketplaces(sources, args.positionals[0] ?? '', services.fetch);
  for (const failure of failures) io.err(`warning: ${failure.reason}\n`);
  if (args.options.json) io.out(`${JSON.stringify(hits, null, 2)}\n`);
  else for (const hit of hits) io.out(`${hit.name}@${hit.version}  [${hit.marketplace}]  ${hit.description}\n`);
  return EXIT_OK;
}

/** What a skill asks for, shown on install so the person sees it before running it. */
export function describeRequests(result: Pick<InstallResult, 'permissions' | 'tools' | 'gateway'>): string[] {
  const { files, network, mcp_tools: mcpTools } = result.permissions;
  return [
    `  tools: ${result.tools.join(', ') || 'none'}`,
    `  files: read ${files?.read?.join(', ') || 'none'}; write ${files?.write?.join(', ') || 'none'}`,
    `  network: ${network?.join(', ') || 'none'}`,
    `  MCP tools without asking: ${mcpTools?.join(', ') || 'none'}`,
    `  gateway flags: ${Object.keys(result.gateway).length ? JSON.stringify(result.gateway) : 'none'}`,
  ];
}

export async function installCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const spec = args.positionals[0];
  if (!spec) return EXIT_USAGE;
  const { installer } = bindServices(services, args, io);
  const layer = parseLayerName(optionString(args, 'layer') ?? 'personal');
  const result = await installSkill(installer, parseSkillSpec(spec), { layer, marketplace: optionString(args, 'marketplace') });
  if (args.options.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else io.out([`installed ${result.name}@${result.version ?? '(unversioned)'} from ${result.marketplace} into ${result.layer} (${result.path})`, `  sha256 ${result.sha256}`, 'it asks for:', ...describeRequests(result), ''].join('\n'));
  return EXIT_OK;
}

export async function updateCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { installer } = bindServices(services, args, io);
  const outcomes = await updateSkills(installer, args.positionals[0]);
  if (args.options.json) io.out(`${JSON.stringify(outcomes, null, 2)}\n`);
  else for (const outcome of outcomes) io.out(`${outcome.name} (${outcome.layer}): ${outcome.status}${outcome.status === 'updated' ? ` ${outcome.from} -> ${outcome.to}` : ''}${outcome.reason ? `: ${outcome.reason}` : ''}\n`);
  return outcomes.some((outcome) => outcome.status === 'failed') ? 1 : EXIT_OK;
}

export async function removeCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const name = args.positionals[0];
  if (!name) return EXIT_USAGE;
  const { layers } = bindServices(services, args, io);
  const layerOption = optionString(args, 'layer');
  const removed = removeSkill(layers, name, layerOption ? parseLayerName(layerOption) : undefined);
  io.out(`removed ${name} from ${removed.layer} (${removed.path})\n`);
  return EXIT_OK;
}

function listRow(skill: InstalledSkill) {
  return {
    name: skill.name, version: skill.version, layer: skill.layer, shadows: skill.shadows, path: skill.path, description: skill.description,
    status: skill.problems.length ? 'invalid' : skill.denied ? 'denied' : 'ok', problems: skill.problems, denied: skill.denied,
    marketplace: skill.install?.marketplace ?? null, pinned: skill.install?.pinned ?? false,
  };
}

function describeRow(row: ReturnType<typeof listRow>): string {
  const shadows = row.shadows.length ? `, shadows ${row.shadows.join(', ')}` : '';
  const status = row.status === 'ok' ? '' : row.status === 'denied' ? `  DENIED: ${row.denied}` : `  INVALID: ${row.problems[0]}`;
  return `${row.name}@${row.version ?? '-'}  [${row.layer}${shadows}]${row.pinned ? ' pinned' : ''}${status}\n`;
}

export async function listCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers } = bindServices(services, args, io);
  const rows = listInstalledSkills(layers).map(listRow);
  if (args.options.json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const row of rows) io.out(describeRow(row));
  return EXIT_OK;
}

export async function usageCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers } = bindServices(services, args, io);
  const usage = readSkillUsage(layers);
  if (args.options.json) io.out(`${JSON.stringify(usage, null, 2)}\n`);
  else for (const [name, totals] of Object.entries(usage)) io.out(`${name}: ${totals.runs} runs (${totals.failures} failed), ${totals.inputTokens} in / ${totals.outputTokens} out tokens, ${totals.credits} credits\n`);
  return EXIT_OK;
}
