import { isAbsolute, resolve } from 'node:path';
import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { parseLayerName } from '../layers/layer-roots';
import { MARKETPLACES_KEY, marketplaceSetting } from './marketplace-sources';
import { bindServices, EXIT_OK, EXIT_USAGE, marketplacesFor, type SkillServices, withSkillErrors } from './skill-cli-context';

const USAGE = [
  'Usage:',
  '  dosia marketplace add <name> <url-or-folder> [--layer <layer>]   write marketplaces.<name> (default personal)',
  '  dosia marketplace list [--json]       every marketplace, its layer; ByteSpike providers add their gateway\'s',
  '  dosia marketplace remove <name> [--layer <layer>]',
  'Enterprise policy restricts marketplaces by locking the `marketplaces` setting.',
].join('\n');

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function add(services: SkillServices, args: ParsedArgs, io: CliIo): number {
  const [name, location] = args.positionals;
  if (!name || !location || !NAME.test(name)) return EXIT_USAGE;
  const { layers } = bindServices(services, args, io);
  const layer = parseLayerName(optionString(args, 'layer') ?? 'personal');
  const where = /^https?:\/\//.test(location) || isAbsolute(location) ? location : resolve(services.cwd, location);
  const written = layers.set(`${MARKETPLACES_KEY}.${name}`, marketplaceSetting(where), layer);
  io.out(`added marketplace ${name} (${where}) to ${layer} (${written.path})\n`);
  return EXIT_OK;
}

function list(services: SkillServices, args: ParsedArgs, io: CliIo): number {
  const { layers } = bindServices(services, args, io);
  const sources = marketplacesFor(services, layers).map(({ key, ...source }) => ({ ...source, authenticated: Boolean(key) }));
  if (args.options.json) io.out(`${JSON.stringify(sources, null, 2)}\n`);
  else for (const source of sources) io.out(`${source.name}  ${source.kind} ${source.location}  [${source.layer ?? '-'}]${source.fromProvider ? ' (from the ByteSpike provider)' : ''}\n`);
  return EXIT_OK;
}

function remove(services: SkillServices, args: ParsedArgs, io: CliIo): number {
  const name = args.positionals[0];
  if (!name) return EXIT_USAGE;
  const { layers } = bindServices(services, args, io);
  const layerOption = optionString(args, 'layer');
  const layer = layerOption ? parseLayerName(layerOption) : layers.get(`${MARKETPLACES_KEY}.${name}`).layer;
  if (!layer) {
    io.err(`no layer lists marketplace ${name}\n`);
    return 1;
  }
  const written = layers.unset(`${MARKETPLACES_KEY}.${name}`, layer);
  io.out(`removed marketplace ${name} from ${layer} (${written.path})\n`);
  return EXIT_OK;
}

const SUBCOMMANDS: Record<string, (services: SkillServices, args: ParsedArgs, io: CliIo) => number> = { add, list, remove };

export function createMarketplaceCommand(services: SkillServices): CliCommand {
  return {
    name: 'marketplace',
    summary: 'add, list and remove skill marketplaces',
    usage: USAGE,
    async run(args, io) {
      // Positionals arrive without the command name (`dosia marketplace add x` gives `add x`); a subcommand sees only its own.
      const [subcommandName = '', ...rest] = args.positionals;
      const subcommand = SUBCOMMANDS[subcommandName];
      const code = subcommand ? await withSkillErrors(io, async () => subcommand(services, { ...args, positionals: rest }, io)) : EXIT_USAGE;
      if (code === EXIT_USAGE) io.err(`${USAGE}\n`);
      return code;
    },
  };
}
