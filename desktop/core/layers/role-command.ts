import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import type { ParsedArgs } from '../../../kernel/cli/parse-args';
import { EXIT_OK, layersForArgs, usageError, withLayerErrors } from './cli-support';
import type { Layers } from './layers';

const USAGE = [
  'Usage:',
  '  dosia role use <name>   switch the Role layer to <DOSIA_HOME>/roles/<name>/',
  '  dosia role [show]       the active role and the roles found',
].join('\n');

function knownRoles(home: string): string[] {
  try {
    return readdirSync(join(home, 'roles'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
}

function showRole(layers: Layers, io: CliIo): number {
  const role = layers.activeRole();
  const root = layers.root('role');
  const source = role.source === 'policy' ? ' (locked by Enterprise policy)' : '';
  io.out(`active role: ${role.name ?? 'none'}${source}${root.path ? `  ${root.path}${root.exists ? '' : ' (missing)'}` : ''}\n`);
  const roles = knownRoles(layers.root('personal').path!);
  io.out(`roles: ${roles.length ? roles.join(', ') : '(none yet: create <DOSIA_HOME>/roles/<name>/)'}\n`);
  return EXIT_OK;
}

function useRole(layers: Layers, name: string, io: CliIo): number {
  layers.useRole(name);
  const root = layers.root('role');
  io.out(`active role: ${name}  ${root.path}${root.exists ? '' : ' (does not exist yet: the Role layer is empty)'}\n`);
  return EXIT_OK;
}

function runRole(layers: Layers, args: ParsedArgs, io: CliIo): number {
  const [action, name, extra] = args.positionals;
  if (action === 'use' && name && extra === undefined) return useRole(layers, name, io);
  if ((action === undefined || action === 'show') && name === undefined) return showRole(layers, io);
  return usageError(io, USAGE);
}

export function createRoleCommand(layers: Layers): CliCommand {
  return {
    name: 'role',
    summary: 'role use <name> | show: switch or show the Role layer',
    usage: USAGE,
    run: async (args, io) => withLayerErrors(io, () => runRole(layersForArgs(layers, args), args, io)),
  };
}
