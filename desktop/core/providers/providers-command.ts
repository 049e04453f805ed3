import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { parseLayerName } from '../layers/layer-roots';
import type { Layers } from '../layers/layers';
import { PROVIDER_TYPES, type ProviderConfig, type ProviderType } from './dosia-provider';
import { providerErrors } from './errors';
import { removeProvider, saveProvider } from './provider-settings';
import { type KeySources, readProviderConfigs } from './read-provider-configs';

const USAGE = [
  'Usage:',
  '  dosia providers add <name> --type bytespike|anthropic|openai --url <base> [--key <key>] [--layer <layer>]',
  '                                   write providers.<name> into a layer (default personal); the key goes to',
  '                                   the secret store (secrets.json), settings.json refers to it',
  '  dosia providers list [--json]    every configured provider, its layer, and whether policy denies it',
  '  dosia providers remove <name> [--layer <layer>]   (default: the narrowest layer defining it)',
  '',
  'Examples:',
  '  dosia providers add bytespike --type bytespike --url https://api.bytespike.dev --key bsk-…',
  '  dosia providers add ollama --type openai --url http://127.0.0.1:11434/v1',
].join('\n');

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Only the last four characters of a key are ever printed. */
export function maskKey(key: string | undefined): string {
  if (!key) return '(none)';
  return key.length <= 8 ? '****' : `****${key.slice(-4)}`;
}

function addProvider(layers: Layers, keySources: KeySources, args: ParsedArgs, io: CliIo): number {
  const name = args.positionals[1];
  const type = optionString(args, 'type');
  const url = optionString(args, 'url');
  const key = optionString(args, 'key');
  if (!name || !type || !url || args.positionals.length > 2) return usage(io);
  const reason = !NAME_PATTERN.test(name) ? 'the name may use letters, digits, "-" and "_"'
    : !(PROVIDER_TYPES as readonly string[]).includes(type) ? `--type must be one of ${PROVIDER_TYPES.join(', ')}`
    : !/^https?:\/\/[^/]/.test(url) ? '--url must be an http(s) URL' : null;
  if (reason) throw providerErrors.create('BSK_PROVIDER_BAD_CONFIG', { provider: name, reason });
  const layer = parseLayerName(optionString(args, 'layer') ?? 'personal');
  const written = saveProvider(layers, keySources.secrets, name, { type: type as ProviderType, url: url.replace(/\/+$/, ''), ...(key ? { key } : {}) }, layer);
  const keyNote = key && keySources.secrets ? `; the key is in ${keySources.secrets.file}` : '';
  io.out(`added provider ${name} (${type}, ${url}) to ${layer} (${written.path}${keyNote})\n`);
  return 0;
}

function describeConfig(config: ProviderConfig, denial: string | null) {
  return { name: config.name, type: config.type, url: config.url, key: maskKey(config.key), layer: config.layer, denied: denial };
}

function listProviders(layers: Layers, keySources: KeySources, args: ParsedArgs, io: CliIo): number {
  const { configs, problems } = readProviderConfigs(layers, keySources);
  const rows = configs.map((config) => describeConfig(config, layers.denial('providers', config.name)));
  for (const problem of problems) io.err(`warning: provider ${problem.name}: ${problem.reason} (skipped)\n`);
  if (args.options.json) {
    io.out(`${JSON.stringify({ providers: rows, problems }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) io.err('no provider configured: dosia providers add <name> --type … --url … --key …\n');
  for (const row of rows) io.out(`${row.name.padEnd(16)} ${row.type.padEnd(10)} ${row.url}  key ${row.key}  (${row.layer ?? 'unknown layer'})${row.denied ? `  DENIED: ${row.denied}` : ''}\n`);
  return 0;
}

function removeProviderCommand(layers: Layers, keySources: KeySources, args: ParsedArgs, io: CliIo): number {
  const name = args.positionals[1];
  if (!name || args.positionals.length > 2) return usage(io);
  const setting = layers.get(`providers.${name}`);
  const layerText = optionString(args, 'layer');
  const layer = layerText ? parseLayerName(layerText) : setting.sources[0];
  if (!layer) throw providerErrors.create('BSK_PROVIDER_UNKNOWN', { provider: name });
  const written = removeProvider(layers, keySources.secrets, name, layer);
  io.out(`removed provider ${name} from ${layer} (${written.path})\n`);
  const remaining = setting.sources.filter((source) => source !== layer);
  if (remaining.length) io.err(`note: ${name} is still defined in ${remaining.join(', ')}\n`);
  return 0;
}

function usage(io: CliIo): number {
  io.err(`${USAGE}\n`);
  return 2;
}

export function createProvidersCommand(layers: Layers, keySources: KeySources): CliCommand {
  return {
    name: 'providers',
    summary: 'providers add <name> --type … --url … --key … | list | remove <name>',
    usage: USAGE,
    run: async (args, io) => {
      const action = args.positionals[0];
      if (action === 'add') return addProvider(layers, keySources, args, io);
      if (action === 'list' || action === undefined) return listProviders(layers, keySources, args, io);
      if (action === 'remove') return removeProviderCommand(layers, keySources, args, io);
      return usage(io);
    },
  };
}
