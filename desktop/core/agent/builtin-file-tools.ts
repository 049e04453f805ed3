import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { agentErrors } from './errors';
import type { AgentTool, ToolOutput, ToolSource } from './tool-source';

/** A model reading a huge file would flood its context; it gets the start and a note. */
const MAX_READ_CHARS = 200_000;

const pathOf = (input: unknown, fallback?: string): string => {
  const path = (input as { path?: unknown } | null)?.path ?? fallback;
  if (typeof path !== 'string' || !path) throw new Error('the "path" argument must be a non-empty string');
  return path;
};

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The nearest existing ancestor, resolved through symlinks, so a link cannot lead out of the project. */
function realPathOfNearest(path: string): string {
  let current = path;
  while (!existsSync(current)) current = dirname(current);
  return join(realpathSync(current), relative(current, path));
}

/** The absolute path for a project-relative path, refused when it leaves the project. */
export function projectPath(root: string, path: string): string {
  const absolute = resolve(root, path);
  if (!inside(root, absolute) || !inside(realpathSync(root), realPathOfNearest(absolute))) throw agentErrors.create('BSK_AGENT_BAD_PATH', { path, root });
  return absolute;
}

/** The path a permission rule sees: relative to the project, with `/` separators. */
function ruleTarget(root: string, input: unknown, fallback?: string): string {
  try {
    return relative(root, resolve(root, pathOf(input, fallback))).split(sep).join('/') || '.';
  } catch {
    return '';
  }
}

function fileTools(root: string): AgentTool[] {
  const target = (fallback?: string) => (input: unknown) => ruleTarget(root, input, fallback);
  return [
    { name: 'read_file', description: 'Read a text file of the project. `path` is relative to the project folder.', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }, permissionTarget: target() },
    { name: 'write_file', description: 'Create or overwrite a text file of the project with `content`.', inputSchema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] }, permissionTarget: target() },
    { name: 'list_files', description: 'List a folder of the project (default: the project folder); folders end in "/".', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, permissionTarget: target('.') },
  ];
}

function readFile(root: string, input: unknown): ToolOutput {
  const text = readFileSync(projectPath(root, pathOf(input)), 'utf8');
  return { content: text.length > MAX_READ_CHARS ? `${text.slice(0, MAX_READ_CHARS)}\n… (${text.length - MAX_READ_CHARS} more characters not shown)` : text };
}

function writeFile(root: string, input: unknown): ToolOutput {
  const content = (input as { content?: unknown } | null)?.content;
  if (typeof content !== 'string') throw new Error('the "content" argument must be a string');
  const path = projectPath(root, pathOf(input));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return { content: `wrote ${Buffer.byteLength(content)} bytes to ${relative(root, path)}` };
}

function listFiles(root: string, input: unknown): ToolOutput {
  const folder = projectPath(root, pathOf(input, '.'));
  if (!statSync(folder).isDirectory()) throw new Error(`${relative(root, folder) || '.'} is not a folder`);
  const entries = readdirSync(folder, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
  return { content: entries.join('\n') || '(empty folder)' };
}

const HANDLERS: Record<string, (root: string, input: unknown) => ToolOutput> = { read_file: readFile, write_file: writeFile, list_files: listFiles };

/** read_file / write_file / list_files, confined to the project folder (symlinks included). */
export function createFileToolSource(root: string): ToolSource {
  return {
    name: 'builtin',
    list: () => fileTools(root),
    call: async (name, input) => {
      const handler = HANDLERS[name];
      if (!handler) throw new Error(`builtin has no tool ${name}`);
      return handler(root, input);
    },
  };
}
