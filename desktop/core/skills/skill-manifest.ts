import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** The feature flags a skill asks the ByteSpike gateway for (schemas/feature-flags.schema.json). */
export interface GatewayFlags {
  readonly cache?: { readonly ttl_s: number };
  readonly fallback?: readonly string[];
  readonly retry?: { readonly attempts: number; readonly budget_ms?: number };
  readonly timeout_ms?: number;
}

export interface SkillInput {
  readonly type: 'string' | 'number' | 'integer' | 'boolean';
  readonly description?: string;
  readonly default?: string | number | boolean;
  readonly enum?: readonly (string | number)[];
  readonly required?: boolean;
}

export interface SkillExample {
  readonly name: string;
  readonly prompt: string;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly expect?: { readonly contains?: readonly string[] };
}

export interface SkillPermissions {
  readonly files?: { readonly read?: readonly string[]; readonly write?: readonly string[] };
  readonly network?: readonly string[];
  readonly mcp_tools?: readonly string[];
}

/** The `dosia` block: everything beyond the Agent Skills fields. */
export interface DosiaBlock {
  readonly version: string;
  readonly author?: string;
  readonly tags?: readonly string[];
  readonly models?: { readonly preferred?: string; readonly allowed?: readonly string[] };
  readonly inputs?: Readonly<Record<string, SkillInput>>;
  readonly tools?: readonly string[];
  readonly mcp?: readonly string[];
  readonly permissions?: SkillPermissions;
  readonly gateway?: GatewayFlags;
  readonly examples?: readonly SkillExample[];
}

/** The front matter of SKILL.md (schemas/skill.schema.json). */
export interface SkillManifest {
  readonly name: string;
  readonly description: string;
  readonly license?: string;
  readonly compatibility?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly 'allowed-tools'?: string | readonly string[];
  readonly dosia?: DosiaBlock;
}

/** `{{input}}` in the instructions: replaced by the input's value when the skill runs. */
export const INPUT_PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/** A problem with a file and line, printed as `file:line: message`. */
export interface SkillProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatProblem(problem: SkillProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

export interface ParsedSkillFile {
  /** The front matter as parsed (not yet validated); null when it could not be read. */
  readonly data: unknown;
  /** The instructions after the front matter. */
  readonly body: string;
  /** 1-based line of the body's first line in SKILL.md. */
  readonly bodyLine: number;
  readonly problems: readonly SkillProblem[];
  /** The SKILL.md line of a front-matter field (the key's line), or the closest parent's. */
  lineOf(path: readonly string[]): number;
}

const OPENING = /^---\r?\n/;
const CLOSING = /^---[ \t]*$/m;

function locate(root: Node | null | undefined, path: readonly string[], lineCounter: LineCounter): number {
  let node: Node | null | undefined = root;
  let offset = root?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return lineCounter.linePos(offset).line;
}

/**
 * Splits SKILL.md into YAML front matter and instruction body, keeping line numbers so every
 * problem points at the line to fix. The front matter's first line is SKILL.md's line 2.
 */
export function parseSkillFile(text: string, file: string): ParsedSkillFile {
  const problem = (line: number, message: string): ParsedSkillFile => ({ data: null, body: '', bodyLine: 1, problems: [{ file, line, message }], lineOf: () => line });
  if (!OPENING.test(text)) return problem(1, 'SKILL.md must start with "---" and YAML front matter');
  const afterOpening = text.replace(OPENING, '');
  const closing = CLOSING.exec(afterOpening);
  if (!closing) return problem(1, 'the front matter is not closed by a "---" line');
  const yamlText = afterOpening.slice(0, closing.index);
  const yamlLines = yamlText.split('\n').length - 1;
  const body = afterOpening.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (yamlLine: number) => yamlLine + 1;
  const problems: SkillProblem[] = document.errors.map((error) => ({
    file, line: toFileLine(lineCounter.linePos(error.pos[0]).line), message: `front matter: ${error.message.split('\n')[0]}`,
  }));
  const data = problems.length ? null : (document.toJS() as unknown);
  if (!problems.length && (data === null || typeof data !== 'object' || Array.isArray(data))) problems.push({ file, line: 2, message: 'the front matter must be a YAML mapping' });
  return {
    data: problems.length ? null : data,
    body,
    bodyLine: yamlLines + 3,
    problems,
    lineOf: (path) => toFileLine(locate(document.contents, path, lineCounter)),
  };
}
