import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBskError } from '../errors';
import { bootKernel, type Kernel, type KernelOptions, planKernel, resolveKernelInfo } from '../kernel';
import { kernelErrors } from '../kernel-errors';
import { createLogger, type Logger } from '../logger';
import { signalExitCode, watchShutdownSignals } from '../shutdown';
import { findRepoRoot } from '../paths';
import type { Profile } from '../profile';
import { KERNEL_VERSION } from '../version';
import type { CliCommand, CliIo } from './command';
import { commandPlugins } from './command-plugins';
import { parseArgs } from './parse-args';
import { installPlugin, listPlugins } from './plugins-command';

// `dosia models | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
};

/**
 * Servers log their life at info; one-shot commands only warnings, so their stderr stays
 * for what the person asked (LOG_LEVEL overrides both).
 */
const SERVER_COMMANDS = new Set(['serve', 'web']);

/** Exit codes: 0 ok, 1 a command failed at run time, 2 bad usage, config or plugins. */
const EXIT_USAGE = 2;

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

interface GlobalOptions {
  readonly pluginDirs: string[];
  configFile?: string;
  dataDir?: string;
}

const GLOBAL_OPTIONS: Record<string, (options: GlobalOptions, value: string) => void> = {
  'plugins-dir': (options, value) => void options.pluginDirs.push(value),
  config: (options, value) => void (options.configFile = value),
  data: (options, value) => void (options.dataDir = value),
};

/** Takes the kernel's own options (`--plugins-dir`, `--config`, `--data`) out of argv, wherever they stand. */
function extractGlobalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const options: GlobalOptions = { pluginDirs: [] };
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    const apply = flag.startsWith('--') ? GLOBAL_OPTIONS[flag.slice(2)] : undefined;
    if (!apply) {
      rest.push(word);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `${flag} needs a value` });
    apply(options, value);
  }
  return { options, rest };
}

function generalHelp(profile: Profile, commands: readonly CliCommand[]): string {
  return [
    `${profile.product} ${packageVersion()} (kernel ${KERNEL_VERSION})`,
    '',
    `Usage: ${profile.product} <command> [options]`,
    '',
    'Commands:',
    `  ${'plugins list [--json]'.padEnd(32)} every plugin: kind, version, origin, folder; refused ones and why`,
    `  ${'plugins install <folder|npm>'.padEnd(32)} install a third-party plugin into the data folder`,
    ...commands.map((command) => `  ${command.name.padEnd(32)} ${command.summary}`),
    '',
    'Global options:',
    '  --plugins-dir <dir>   also load plugins from this folder (repeatable)',
    `  --config <file>       config file (default ./${profile.product}.config.{json,yaml,yml})`,
    '  --data <dir>          data folder',
    '  --help, --version',
    '',
    `Environment: ${profile.envPrefix}_PLUGIN_DIRS (colon-separated), ${profile.envPrefix}_CONFIG, LOG_LEVEL`,
    '',
  ].join('\n');
}

function describeFailure(error: unknown): string {
  if (isBskError(error)) return `error: ${error.message} [${error.code}]\n`;
  return `error: ${error instanceof Error ? error.message : String(error)}\n`;
}

function exitCodeFor(error: unknown): number {
  if (!isBskError(error)) return 1;
  return error.code.startsWith('BSK_PLUGIN_') || error.code.startsWith('BSK_CONFIG_') || error.status === 400 ? EXIT_USAGE : 1;
}

async function runPluginsCommand(options: KernelOptions & { dataDir: string }, argv: readonly string[], io: CliIo, profile: Profile): Promise<number> {
  const args = parseArgs(argv);
  const [subcommand, source] = args.positionals;
  if (subcommand === 'list') return listPlugins(options, args, io);
  if (subcommand === 'install' && source) return installPlugin(options, source, io);
  io.err(`usage: ${profile.product} plugins list [--json] | ${profile.product} plugins install <folder|npm-name>\n`);
  return EXIT_USAGE;
}

async function runContributed(kernel: Kernel, argv: readonly string[], io: CliIo, profile: Profile): Promise<number> {
  const commands = kernel.registry.contributions('cli-command');
  const [name, ...rest] = argv;
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${generalHelp(profile, commands)}`);
    return EXIT_USAGE;
  }
  const args = parseArgs(rest, { booleans: command.booleans ?? [], aliases: { ...command.aliases } });
  if (args.options.help) {
    io.out(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  return command.run(args, io, kernel);
}

/**
 * Boots the kernel, or returns the exit code of a SIGINT/SIGTERM that stopped the boot: it ends
 * cleanly (what was activated disposed, the store closed) instead of killing the process in
 * the middle of an activation (a store opening, a migration running, a heartbeat written).
 * The command installs its own handlers after.
 */
async function bootUnlessSignalled(options: KernelOptions & { readonly logger: Logger }): Promise<Kernel | number> {
  const signals = watchShutdownSignals(options.logger, 'stopping the boot');
  try {
    return await bootKernel({ ...options, signal: signals.signal });
  } catch (error) {
    // Stopped, not failed: the process ends as the signal would have ended it.
    if (signals.signal.aborted && error === signals.signal.reason) return signalExitCode(await signals.received);
    throw error;
  } finally {
    signals.stop();
  }
}

/**
 * The command-line runner both products share. `plugins …`, `--help` and `--version`
 * run without activating any plugin; every other command is contributed by a plugin
 * (`serve`, `admin`, `chat`, …), so the profile is booted first and disposed after —
 * the whole profile, or only what the command's manifest entry names.
 */
export async function runCli(profile: Profile, argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  let kernel: Kernel | undefined;
  try {
    const { options: globals, rest } = extractGlobalOptions(argv);
    const base = { profile, env, cwd, configFile: globals.configFile, pluginDirs: globals.pluginDirs };
    const options = { ...base, dataDir: globals.dataDir ?? resolveKernelInfo(base).dataDir };
    const command = rest[0]?.startsWith('-') ? undefined : rest[0];
    if (!command && (rest.includes('--version') || rest.includes('-v'))) {
      io.out(`${profile.product} ${packageVersion()} (kernel ${KERNEL_VERSION})\n`);
      return 0;
    }
    if (command === 'plugins') return await runPluginsCommand(options, rest.slice(1), io, profile);
    // A command whose plugin declares what it needs boots only that (see commandPlugins).
    const only = command ? commandPlugins(planKernel(options), command) : undefined;
    const server = command !== undefined && SERVER_COMMANDS.has(command);
    const logger = createLogger({ level: env.LOG_LEVEL ?? (server ? 'info' : 'warn'), buffered: server });
    const booted = await bootUnlessSignalled({ ...options, logger, ...(only ? { only } : {}) });
    if (typeof booted === 'number') return booted;
    kernel = booted;
    if (!command) {
      io.out(generalHelp(profile, kernel.registry.contributions('cli-command')));
      return rest.length && !rest.includes('--help') && !rest.includes('-h') ? EXIT_USAGE : 0;
    }
    return await runContributed(kernel, rest, io, profile);
  } catch (error) {
    io.err(describeFailure(error));
    return exitCodeFor(error);
  } finally {
    await kernel?.dispose();
  }
}
