import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createFolder } from '../create-folder';
import type { KernelOptions } from '../kernel';
import { planKernel } from '../kernel';
import { kernelErrors } from '../kernel-errors';
import { findRepoRoot } from '../paths';
import type { Plan } from '../plan';
import { installRoot } from '../sources';
import type { CliIo } from './command';
import type { ParsedArgs } from './parse-args';

function relativeToRepo(folder: string): string {
  const root = findRepoRoot();
  return folder.startsWith(root + '/') ? folder.slice(root.length + 1) : folder;
}

function planRows(plan: Plan): string[][] {
  const accepted = plan.plugins.map((plugin) => [plugin.manifest.name, plugin.manifest.kind, plugin.manifest.version, plugin.origin, relativeToRepo(plugin.folder), 'ok']);
  const refused = plan.refused.map((entry) => [entry.name, entry.manifest?.kind ?? '?', entry.manifest?.version ?? '?', '-', relativeToRepo(entry.folder), `refused: ${entry.error.message} [${entry.error.code}]`]);
  return [...accepted, ...refused];
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}

/** `plugins list`: every plugin with kind, version, origin and folder; refused ones with why. Exit 2 if any was refused. */
export function listPlugins(options: KernelOptions, args: ParsedArgs, io: CliIo): number {
  const plan = planKernel(options);
  if (args.options.json) {
    io.out(JSON.stringify({
      plugins: plan.plugins.map((plugin) => ({ name: plugin.manifest.name, kind: plugin.manifest.kind, version: plugin.manifest.version, origin: plugin.origin, folder: plugin.folder, requires: plugin.manifest.requires ?? [], provides: plugin.manifest.provides ?? [] })),
      refused: plan.refused.map((entry) => ({ name: entry.name, folder: entry.folder, code: entry.error.code, reason: entry.error.message })),
    }, null, 2) + '\n');
  } else {
    io.out(formatTable([['NAME', 'KIND', 'VERSION', 'ORIGIN', 'FOLDER', 'STATUS'], ...planRows(plan)]));
  }
  return plan.refused.length ? 2 : 0;
}

/**
 * The name to install a folder under. A manifest too broken to name the plugin still
 * installs under its folder's name, so the plan that follows refuses it with the same
 * one-line reason `plugins list` and a boot would give.
 */
function installName(folder: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')) as { name?: unknown };
    if (typeof manifest.name === 'string' && manifest.name) return manifest.name;
  } catch {
    // Unreadable: the plan reports it below.
  }
  return basename(folder);
}

/** The install root lives in the data folder, which may be one this user cannot write. */
function createInstallFolder(folder: string, source: string): void {
  try {
    createFolder(folder);
  } catch (error) {
    throw kernelErrors.create('BSK_PLUGIN_INSTALL_FAILED', { source, reason: `${(error as Error).message}; the data folder (BYTESPIKE_DATA_DIR or --data) must be a folder this user can write` }, { cause: error });
  }
}

/** Plans with the new plugin in place; if planning itself fails (a bad config file), the install is undone first. */
function planInstalled(options: KernelOptions, undo: () => void): Plan {
  try {
    return planKernel(options);
  } catch (error) {
    undo();
    throw error;
  }
}

/**
 * `plugins install <folder|npm-name>`: copies a folder, or npm-installs a package, into the
 * profile's install root, then re-plans so a plugin that would be refused is removed again
 * and reported (nothing half-installed).
 */
export function installPlugin(options: KernelOptions & { dataDir: string }, source: string, io: CliIo): number {
  const root = installRoot(options.dataDir);
  const folder = resolve(options.cwd ?? process.cwd(), source);
  let installedAt: string;
  let undo: () => void;
  if (existsSync(join(folder, 'plugin.json'))) {
    installedAt = join(root, 'folders', installName(folder).replace(/[@/\\.]/g, '_'));
    createInstallFolder(join(root, 'folders'), source);
    rmSync(installedAt, { recursive: true, force: true });
    cpSync(folder, installedAt, { recursive: true, filter: (path) => !path.includes('/node_modules/') });
    undo = () => rmSync(installedAt, { recursive: true, force: true });
  } else if (existsSync(folder)) {
    throw kernelErrors.create('BSK_PLUGIN_INSTALL_FAILED', { source, reason: 'the folder has no plugin.json' });
  } else {
    createInstallFolder(root, source);
    try {
      execFileSync('npm', ['install', '--prefix', root, '--no-audit', '--no-fund', source], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw kernelErrors.create('BSK_PLUGIN_INSTALL_FAILED', { source, reason: `npm install failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').pop()}` }, { cause: error });
    }
    const packageName = source.replace(/^(@?[^@]+).*$/, '$1');
    installedAt = join(root, 'node_modules', packageName);
    undo = () => execFileSync('npm', ['uninstall', '--prefix', root, packageName], { stdio: 'ignore' });
    if (!existsSync(join(installedAt, 'plugin.json'))) {
      undo();
      throw kernelErrors.create('BSK_PLUGIN_INSTALL_FAILED', { source, reason: 'the package has no plugin.json at its root' });
    }
  }
  const plan = planInstalled(options, undo);
  const refused = plan.refused.find((entry) => entry.folder === installedAt);
  if (refused) {
    undo();
    throw kernelErrors.create('BSK_PLUGIN_INSTALL_FAILED', { source, reason: refused.error.message }, { cause: refused.error });
  }
  const installed = plan.plugins.find((plugin) => plugin.folder === installedAt)!;
  io.out(`installed ${installed.manifest.name}@${installed.manifest.version} (${installed.manifest.kind}) into ${installedAt}\n`);
  return 0;
}
