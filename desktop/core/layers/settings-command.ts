import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { EXIT_FAILED, EXIT_OK, layersForArgs, reportProblems, SESSION_OPTION_HELP, usageError, withLayerErrors } from './cli-support';
import { parseLayerName } from './layer-roots';
import type { Layers, SettingValue } from './layers';

const USAGE = [
  'Usage:',
  '  dosia settings get <key> [--json] [--session <id>]      the effective value and the layer it came from',
  '  dosia settings set <key> <value> --layer <layer>       write one layer\'s settings.json (value parsed as JSON when it parses)',
  '  dosia settings unset <key> --layer <layer>             remove a key from one layer',
  '',
  'Keys are dotted (providers.bytespike.url). Layers: session, personal, project, role (enterprise is read-only).',
  SESSION_OPTION_HELP,
].join('\n');

/** `true`, `3`, `{"a":1}` are JSON; anything else (`dark`, `gpt-5`) is taken as the string typed. */
export function parseSettingValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function formatSetting(setting: SettingValue): string {
  const lines = [`${setting.key} = ${JSON.stringify(setting.value)}`];
  if (setting.locked) lines.push(`  locked by Enterprise policy (${setting.file})`);
  else if (setting.merged) lines.push(`  merged from ${setting.sources.join(', ')}`);
  else lines.push(`  from ${setting.layer} (${setting.file})`);
  if (setting.shadows.length) lines.push(`  shadows ${setting.shadows.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function getSetting(layers: Layers, key: string, json: boolean, io: CliIo): number {
  reportProblems(io, layers.problems());
  const setting = layers.get(key);
  if (json) io.out(`${JSON.stringify({ ...setting, value: setting.value ?? null }, null, 2)}\n`);
  else if (setting.value !== undefined) io.out(formatSetting(setting));
  if (setting.value === undefined) io.err(`${key} is not set in any layer\n`);
  return setting.value === undefined ? EXIT_FAILED : EXIT_OK;
}

function writeSetting(layers: Layers, args: ParsedArgs, io: CliIo): number {
  const [action, key, text] = args.positionals;
  const layerText = optionString(args, 'layer');
  if (!key || !layerText || (action === 'set' ? text === undefined : text !== undefined)) return usageError(io, USAGE);
  const layer = parseLayerName(layerText);
  const written = action === 'set' ? layers.set(key, parseSettingValue(text!), layer) : layers.unset(key, layer);
  io.out(action === 'set' ? `set ${key} = ${JSON.stringify(parseSettingValue(text!))} in ${layer} (${written.path})\n` : `unset ${key} in ${layer} (${written.path})\n`);
  return EXIT_OK;
}

function runSettings(layers: Layers, args: ParsedArgs, io: CliIo): number {
  const [action, key, extra] = args.positionals;
  if (action === 'get' && key && extra === undefined) return getSetting(layers, key, Boolean(args.options.json), io);
  if (action === 'set' || action === 'unset') return writeSetting(layers, args, io);
  return usageError(io, USAGE);
}

export function createSettingsCommand(layers: Layers): CliCommand {
  return {
    name: 'settings',
    summary: 'settings get <key> | set <key> <value> --layer <layer> | unset',
    usage: USAGE,
    run: async (args, io) => withLayerErrors(io, () => runSettings(layersForArgs(layers, args), args, io)),
  };
}
