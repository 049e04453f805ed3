import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import type { ParsedArgs } from '../../../kernel/cli/parse-args';
import { SESSION_OPTION_HELP } from '../layers/cli-support';
import { newSkill, packCommand, publishCommand, runCommand, testCommand, validateSkill } from './skill-authoring-commands';
import { EXIT_USAGE, type SkillServices, withSkillErrors } from './skill-cli-context';
import { installCommand, listCommand, removeCommand, searchCommand, updateCommand, usageCommand } from './skill-install-commands';

const USAGE = [
  'Usage:',
  '  dosia skill new <name> [--dir <parent>] [--author <name>]   scaffold a skill folder',
  '  dosia skill validate [path] [--json]         schema and semantics, every problem as file:line',
  '  dosia skill test [path] [-m <id>] [--yes]    run the skill\'s dosia.examples through the agent loop',
  '  dosia skill pack [path] [--out <dir>]        reproducible <name>-<version>.tar.gz and its sha256',
  '  dosia skill publish [path] --marketplace <name> [--visibility org|public]',
  '  dosia skill search [query] [--marketplace <name>] [--json]',
  '  dosia skill install <name>[@version] [--layer <layer>] [--marketplace <name>] [--json]',
  '                                               (default layer personal; a version pins it)',
  '  dosia skill update [name] [--json]           newest version allowed; pinned skills stay',
  '  dosia skill remove <name> [--layer <layer>]  (default: the narrowest layer holding it)',
  '  dosia skill list [--json]                    each skill, its layer and what it shadows',
  '  dosia skill run <name|path> --prompt <text> [--input key=value]… [-m <id>] [--yes] [--json]',
  '                                               the agent loop with the skill\'s instructions, gateway flags,',
  '                                               pre-approved tools and models (as `dosia chat --skill`)',
  '  dosia skill usage [--json]                   runs, tokens and credits per skill',
  SESSION_OPTION_HELP,
].join('\n');

type Subcommand = (services: SkillServices, args: ParsedArgs, io: CliIo) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  new: newSkill, validate: validateSkill, test: testCommand, pack: packCommand, publish: publishCommand,
  search: searchCommand, install: installCommand, update: updateCommand, remove: removeCommand, list: listCommand,
  run: runCommand, usage: usageCommand,
};

export function createSkillCommand(services: SkillServices): CliCommand {
  return {
    name: 'skill',
    summary: 'author, publish, install and run skills',
    usage: USAGE,
    booleans: ['yes'],
    aliases: { m: 'model' },
    async run(args, io) {
      // Positionals arrive without the command name (`dosia skill run x` gives `run x`); a subcommand sees only its own.
      const [subcommandName = '', ...rest] = args.positionals;
      const subcommand = SUBCOMMANDS[subcommandName];
      const code = subcommand ? await withSkillErrors(io, () => subcommand(services, { ...args, positionals: rest }, io)) : EXIT_USAGE;
      if (code === EXIT_USAGE) io.err(`${USAGE}\n`);
      return code;
    },
  };
}
