import { errorPath, describeSchemaError, skillValidator, usefulErrors } from './skill-schemas';
import { type DosiaBlock, INPUT_PLACEHOLDER, type ParsedSkillFile, parseSkillFile, type SkillManifest, type SkillProblem } from './skill-manifest';
import type { SkillSource } from './skill-source';

/** A skill that passed validation. */
export interface ValidSkill {
  readonly manifest: SkillManifest;
  readonly instructions: string;
  readonly source: SkillSource;
  /** `dosia.version`, or null for a plain Agent Skill. */
  readonly version: string | null;
}

export interface SkillValidation {
  readonly skill: ValidSkill | null;
  readonly problems: readonly SkillProblem[];
}

const SKILL_FILE = 'SKILL.md';
type Check = (manifest: SkillManifest, parsed: ParsedSkillFile, report: (path: readonly string[], message: string) => void) => void;

/** Semantic rules the schema cannot express, each reported at the line of the field involved. */
function semanticChecks(folderName: string): Check[] {
  const nameMatchesFolder: Check = (manifest, _parsed, report) => {
    if (manifest.name !== folderName) report(['name'], `name "${manifest.name}" must equal its folder name "${folderName}"`);
  };
  return [nameMatchesFolder, checkModels, checkInputs, checkMcpTools, checkPlaceholders, checkExamples, checkBody];
}

const checkModels: Check = (manifest, _parsed, report) => {
  const models = manifest.dosia?.models;
  if (models?.preferred && models.allowed && !models.allowed.includes(models.preferred)) report(['dosia', 'models', 'preferred'], `preferred model "${models.preferred}" is not in models.allowed`);
};

function defaultProblem(input: NonNullable<DosiaBlock['inputs']>[string]): string | null {
  const value = input.default;
  if (value === undefined) return null;
  const typeOk = input.type === 'string' ? typeof value === 'string' : input.type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number' && (input.type === 'number' || Number.isInteger(value));
  if (!typeOk) return `default ${JSON.stringify(value)} is not of type ${input.type}`;
  if (input.enum && !input.enum.includes(value as string | number)) return `default ${JSON.stringify(value)} is not one of its enum values`;
  return null;
}

const checkInputs: Check = (manifest, _parsed, report) => {
  for (const [name, input] of Object.entries(manifest.dosia?.inputs ?? {})) {
    const problem = defaultProblem(input);
    if (problem) report(['dosia', 'inputs', name, 'default'], `input "${name}": ${problem}`);
  }
};

const checkMcpTools: Check = (manifest, _parsed, report) => {
  const servers = manifest.dosia?.mcp ?? [];
  (manifest.dosia?.permissions?.mcp_tools ?? []).forEach((tool, index) => {
    const server = tool.split('__')[1]!;
    if (!servers.includes(server)) report(['dosia', 'permissions', 'mcp_tools', String(index)], `${tool} belongs to MCP server "${server}", which dosia.mcp does not list`);
  });
};

const checkPlaceholders: Check = (manifest, parsed, report) => {
  const inputs = manifest.dosia?.inputs ?? {};
  parsed.body.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(INPUT_PLACEHOLDER)) {
      if (!(match[1]! in inputs)) report([`@body:${parsed.bodyLine + index}`], `{{${match[1]}}} names no input in dosia.inputs`);
    }
  });
};

const checkExamples: Check = (manifest, _parsed, report) => {
  const inputs = manifest.dosia?.inputs ?? {};
  (manifest.dosia?.examples ?? []).forEach((example, index) => {
    for (const name of Object.keys(example.inputs ?? {})) {
      if (!(name in inputs)) report(['dosia', 'examples', String(index), 'inputs', name], `example "${example.name}" sets input "${name}", which dosia.inputs does not declare`);
    }
  });
};

const checkBody: Check = (_manifest, parsed, report) => {
  if (!parsed.body.trim()) report([`@body:${parsed.bodyLine}`], 'the instructions (the body after the front matter) are empty');
};

/**
 * Validates a skill: SKILL.md's front matter against schemas/skill.schema.json (the `gateway`
 * block against schemas/feature-flags.schema.json), then the semantic rules. Every problem
 * names SKILL.md and the line of the field involved.
 */
export function validateSkillSource(source: SkillSource): SkillValidation {
  const file = `${source.origin}/${SKILL_FILE}`;
  const text = source.files.get(SKILL_FILE);
  if (!text) return { skill: null, problems: [{ file, line: 1, message: `${SKILL_FILE} is missing` }] };
  const parsed = parseSkillFile(text.toString('utf8'), file);
  if (parsed.problems.length) return { skill: null, problems: parsed.problems };
  const validate = skillValidator();
  if (!validate(parsed.data)) {
    const problems = usefulErrors(validate.errors ?? []).map((error) => ({ file, line: parsed.lineOf(errorPath(error)), message: describeSchemaError(error) }));
    return { skill: null, problems: dedupe(problems) };
  }
  const manifest = parsed.data as SkillManifest;
  const problems: SkillProblem[] = [];
  const report = (path: readonly string[], message: string) => {
    const bodyLine = /^@body:(\d+)$/.exec(path[0] ?? '');
    problems.push({ file, line: bodyLine ? Number(bodyLine[1]) : parsed.lineOf(path), message });
  };
  for (const check of semanticChecks(source.folderName)) check(manifest, parsed, report);
  if (problems.length) return { skill: null, problems };
  return { skill: { manifest, instructions: parsed.body, source, version: manifest.dosia?.version ?? null }, problems: [] };
}

function dedupe(problems: readonly SkillProblem[]): SkillProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(`${problem.line}:${problem.message}`) && Boolean(seen.add(`${problem.line}:${problem.message}`)));
}
