import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli/command';
import { runCli } from '../cli/run-cli';
import { createLogger } from '../logger';
import { dosiaProfile } from '../profiles/dosia';
import { gatewayProfile } from '../profiles/gateway';
import type { Profile } from '../profile';

/**
 * Test plugins written to a temporary folder. Each one's entry is plain ESM (`index.mjs`),
 * so the same plugin loads under vitest and under the built CLI. Every plugin notes
 * `activate <name>` / `dispose <name>` in the journal file named by BSK_TEST_JOURNAL,
 * which is how tests see activation and disposal order, in-process or not.
 */
export interface FixturePlugin {
  readonly name: string;
  readonly kind?: string;
  readonly version?: string;
  readonly engines?: string;
  readonly requires?: readonly string[];
  /** Single capabilities, each provided as `{ from: <name> }`. */
  readonly provides?: readonly string[];
  /** Contribution points this plugin adds `{ from: <name> }` to (also listed in `provides`). */
  readonly contributes?: readonly string[];
  /** Contributes a `cli-command` of this name that prints the booted plugins, comma-separated. */
  readonly command?: string;
  readonly config?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  /** JavaScript run at the end of `activate(ctx)`, before it returns its disposer. */
  readonly body?: string;
  /** Fields merged over the generated manifest (`undefined` removes one). */
  readonly manifest?: Record<string, unknown>;
}

export const JOURNAL_VARIABLE = 'BSK_TEST_JOURNAL';

export function manifestFor(plugin: FixturePlugin): Record<string, unknown> {
  const provides = [...(plugin.provides ?? []), ...(plugin.contributes ?? []), ...(plugin.command ? ['cli-command'] : [])];
  const manifest: Record<string, unknown> = {
    name: plugin.name,
    version: plugin.version ?? '1.2.3',
    kind: plugin.kind ?? 'feature',
    description: `test plugin ${plugin.name}`,
    entry: 'index.mjs',
    engines: { kernel: plugin.engines ?? '^1.0.0' },
    ...(plugin.requires ? { requires: plugin.requires } : {}),
    ...(provides.length ? { provides } : {}),
    ...(plugin.config ? { config: plugin.config } : {}),
    ...(plugin.env ? { env: plugin.env } : {}),
    ...plugin.manifest,
  };
  return JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
}

function commandSource(name: string): string {
  return `ctx.contribute('cli-command', {
    name: ${JSON.stringify(name)},
    summary: 'prints the booted plugins',
    usage: 'usage: ${name}',
    async run(args, io, kernel) { io.out(kernel.info.plugins().map((plugin) => plugin.name).join(',') + '\\n'); return 0; },
  });`;
}

export function entrySource(plugin: FixturePlugin): string {
  return `import { appendFileSync } from 'node:fs';
const note = (ctx, line) => { const journal = ctx.kernel.env.${JOURNAL_VARIABLE}; if (journal) appendFileSync(journal, line + '\\n'); };
export async function activate(ctx) {
  note(ctx, 'activate ' + ctx.name);
  for (const capability of ${JSON.stringify(plugin.provides ?? [])}) ctx.provide(capability, { from: ctx.name });
  for (const point of ${JSON.stringify(plugin.contributes ?? [])}) ctx.contribute(point, { from: ctx.name });
  ${plugin.command ? commandSource(plugin.command) : ''}
  ${plugin.body ?? ''}
  return () => note(ctx, 'dispose ' + ctx.name);
}
`;
}

/** Writes `<root>/<folder ?? name>/` with plugin.json and index.mjs; returns the folder. */
export function writePlugin(root: string, plugin: FixturePlugin, folderName: string = plugin.name): string {
  const folder = join(root, folderName);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'plugin.json'), JSON.stringify(manifestFor(plugin), null, 2));
  writeFileSync(join(folder, 'index.mjs'), entrySource(plugin));
  return folder;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function temporaryFolder(prefix = 'bsk-kernel-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The journal's lines so far (activation and disposal notes, in order). */
export function readJournal(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** The two profiles without their built-in plugins, so a test boots only its own fixtures. */
export const bareGatewayProfile: Profile = { ...gatewayProfile, builtinRoots: [], plugins: [] };
export const bareDosiaProfile: Profile = { ...dosiaProfile, builtinRoots: [], plugins: [] };

export const silentLogger = createLogger({ level: 'silent' });

export interface CapturedIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captureIo(): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    isTty: false,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A temporary working folder for CLI tests: `plugins/` (passed as --plugins-dir), a data
 * folder, and the journal. `run` calls the real `runCli` with a capturing io and an
 * environment of its own, so nothing leaks from the machine running the tests.
 */
export interface Workspace {
  readonly root: string;
  readonly pluginsDir: string;
  readonly dataDir: string;
  readonly journal: string;
  readonly env: NodeJS.ProcessEnv;
  add(plugin: FixturePlugin, folderName?: string): string;
  run(argv: readonly string[], options?: { env?: NodeJS.ProcessEnv; profile?: Profile; pluginsDir?: boolean }): Promise<CliResult>;
  journalLines(): string[];
  remove(): void;
}

export function createWorkspace(): Workspace {
  const folder = temporaryFolder();
  const pluginsDir = join(folder.path, 'plugins');
  const dataDir = join(folder.path, 'data');
  const journal = join(folder.path, 'journal.log');
  mkdirSync(pluginsDir);
  const env = { [JOURNAL_VARIABLE]: journal, BYTESPIKE_DATA_DIR: dataDir, DOSIA_HOME: dataDir };
  return {
    root: folder.path,
    pluginsDir,
    dataDir,
    journal,
    env,
    add: (plugin, folderName) => writePlugin(pluginsDir, plugin, folderName),
    async run(argv, options = {}) {
      const io = captureIo();
      const prefix = options.pluginsDir === false ? [] : ['--plugins-dir', pluginsDir];
      const code = await runCli(options.profile ?? bareGatewayProfile, [...prefix, ...argv], io, { ...env, ...options.env }, folder.path);
      return { code, stdout: io.stdout(), stderr: io.stderr() };
    },
    journalLines: () => readJournal(journal),
    remove: folder.remove,
  };
}
