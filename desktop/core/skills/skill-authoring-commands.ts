import { isAbsolute, resolve } from 'node:path';
import type { CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import type { AgentTurnResult } from '../agent/agent';
import { cancelOnInterrupt, chooseApprover, readInputOptions, reportAgentRun, streamAgentRun } from '../agent/agent-run-cli';
import { skillErrors } from './errors';
import { findInstalledSkill } from './installed-skills';
import { publishToMarketplace } from './marketplace-client';
import { findMarketplace } from './marketplace-sources';
import { loadValidSkill, packSkill, writePackedSkill } from './pack-skill';
import { scaffoldSkill } from './scaffold-skill';
import { bindServices, EXIT_FAILED, EXIT_OK, EXIT_USAGE, marketplacesFor, type SkillServices } from './skill-cli-context';
import { formatProblem } from './skill-manifest';
import { assertPermitted } from './skill-policy';
import { FLAGS_HEADER, planSkillRun, type SkillRunPlan } from './skill-run-plan';
import { runSkill, type SkillRunRequest } from './skill-runner';
import { readSkillFolder } from './skill-source';
import { validateSkillSource, type ValidSkill } from './validate-skill';

function folderArgument(services: SkillServices, args: ParsedArgs): string {
  const given = args.positionals[0];
  return given ? resolve(services.cwd, given) : services.cwd;
}

export async function newSkill(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const name = args.positionals[0];
  if (!name) return EXIT_USAGE;
  const folder = scaffoldSkill(resolve(services.cwd, optionString(args, 'dir') ?? '.'), name, optionString(args, 'author') ?? 'you');
  io.out(`created ${folder}/SKILL.md\n`);
  return EXIT_OK;
}

export async function validateSkill(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const folder = folderArgument(services, args);
  const { skill, problems } = validateSkillSource(readSkillFolder(folder));
  if (args.options.json) io.out(`${JSON.stringify({ valid: skill !== null, problems }, null, 2)}\n`);
  else if (skill) io.out(`${folder}: ${skill.manifest.name}${skill.version ? `@${skill.version}` : ' (plain Agent Skill)'} is valid\n`);
  else for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
  return skill ? EXIT_OK : EXIT_FAILED;
}

export async function packCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const packed = packSkill(folderArgument(services, args));
  const file = writePackedSkill(packed, resolve(services.cwd, optionString(args, 'out') ?? '.'));
  io.out(`${file}\nsha256 ${packed.sha256}\n`);
  return EXIT_OK;
}

export async function publishCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers } = bindServices(services, args, io);
  const marketplace = optionString(args, 'marketplace');
  const visibility = optionString(args, 'visibility') ?? 'org';
  if (!marketplace || (visibility !== 'org' && visibility !== 'public')) return EXIT_USAGE;
  const packed = packSkill(folderArgument(services, args));
  const { manifest, version } = packed.skill;
  if (!version) throw skillErrors.create('BSK_SKILL_INVALID', { skill: manifest.name, problems: 'publishing needs dosia.version' });
  const published = await publishToMarketplace(findMarketplace(marketplacesFor(services, layers), marketplace), {
    name: manifest.name, version, description: manifest.description, author: manifest.dosia?.author, tags: manifest.dosia?.tags ?? [],
    archive: packed.archive, sha256: packed.sha256, visibility, now: new Date(),
  });
  io.out(`published ${manifest.name}@${version} to ${marketplace} (${visibility})\nsha256 ${published.sha256}\n`);
  return EXIT_OK;
}

/** A skill named as installed (through the layers, policy applied) or a folder path. */
function loadSkillArgument(services: SkillServices, layers: ReturnType<typeof bindServices>['layers'], target: string): { skill: ValidSkill; folder: string } {
  if (target.includes('/') || target.startsWith('.') || isAbsolute(target)) {
    const folder = resolve(services.cwd, target);
    const skill = loadValidSkill(folder);
    assertPermitted(layers, skill);
    return { skill, folder };
  }
  const installed = findInstalledSkill(layers, target);
  if (!installed) throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: target, where: 'in any layer' });
  if (!installed.skill) throw skillErrors.create('BSK_SKILL_INVALID', { skill: target, problems: installed.problems.join('\n') });
  assertPermitted(layers, installed.skill);
  return { skill: installed.skill, folder: installed.path };
}

/** What the run sent the gateway and what it answered: `skill x on provider:model, N credits, flags {…} (bytespike-cache: hit)`. */
function describeRun(plan: SkillRunPlan, result: AgentTurnResult): string {
  const credits = result.credits === null ? '' : `, ${result.credits} credits`;
  const flags = plan.headers[FLAGS_HEADER];
  const answered = Object.entries(result.gatewayHeaders ?? {}).map(([name, value]) => `${name}: ${value}`).join(', ');
  return `skill ${plan.skill} on ${result.provider}:${result.model}${credits}${flags ? `, flags ${flags}` : ''}${answered ? ` (${answered})` : ''}\n`;
}

/** The caller's part of a run: model (`--model`/`-m`), approvals (`--yes`, a terminal, or nobody when piped). */
function runRequest(args: ParsedArgs, io: CliIo, prompt: string, signal: AbortSignal): SkillRunRequest {
  const model = optionString(args, 'model');
  const approve = chooseApprover(args, io);
  return { prompt, signal, ...(model ? { model } : {}), ...(approve ? { approve } : {}) };
}

export async function runCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const target = args.positionals[0];
  const prompt = optionString(args, 'prompt') ?? args.positionals.slice(1).join(' ');
  if (!target || !prompt) return EXIT_USAGE;
  const { layers, runner } = bindServices(services, args, io);
  const { skill, folder } = loadSkillArgument(services, layers, target);
  const plan = planSkillRun(skill, folder, readInputOptions(args));
  const json = Boolean(args.options.json);
  return cancelOnInterrupt(async (signal) => {
    const result = await streamAgentRun(runSkill(runner(), plan, runRequest(args, io, prompt, signal)), io, { progress: !json });
    if (!result) return EXIT_FAILED;
    io.err(describeRun(plan, result));
    return reportAgentRun(result, io, json, { flags: plan.flags });
  });
}

/** Runs every declared example; an example passes when the run finishes and the answer contains each expected string. */
export async function testCommand(services: SkillServices, args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers, runner } = bindServices(services, args, io);
  const folder = folderArgument(services, args);
  const skill = loadValidSkill(folder);
  assertPermitted(layers, skill);
  const examples = skill.manifest.dosia?.examples ?? [];
  if (!examples.length) {
    io.err(`${skill.manifest.name} declares no dosia.examples to test\n`);
    return EXIT_FAILED;
  }
  let failures = 0;
  for (const example of examples) {
    const plan = planSkillRun(skill, folder, example.inputs ?? {});
    const result = await cancelOnInterrupt((signal) => streamAgentRun(runSkill(runner(), plan, runRequest(args, io, example.prompt, signal)), io, { progress: false }));
    const missing = (example.expect?.contains ?? []).filter((text) => !result?.text.toLowerCase().includes(text.toLowerCase()));
    const failure = !result ? 'the run ended without a result' : result.error?.message ?? (result.stop !== 'finished' ? `the run stopped: ${result.stop}` : missing.length ? `the answer lacks ${missing.map((text) => JSON.stringify(text)).join(', ')}` : null);
    if (failure) failures++;
    io.out(`${failure ? 'FAIL' : 'ok  '} ${example.name}${result ? ` (${result.provider}:${result.model}, ${result.steps} step${result.steps === 1 ? '' : 's'})` : ''}${failure ? `: ${failure}` : ''}\n`);
  }
  io.out(`${examples.length - failures}/${examples.length} examples passed\n`);
  return failures ? EXIT_FAILED : EXIT_OK;
}
