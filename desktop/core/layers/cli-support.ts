import type { CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { layersErrors } from './errors';
import type { LayerProblem, Layers } from './layers';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
/** Usage errors and refused writes. */
export const EXIT_USAGE = 2;

/** Line for `--session <id>`, shared by every command that reads the layers. */
export const SESSION_OPTION_HELP = '  --session <id>   include that conversation\'s Session layer';

/** The layers as seen from `--session <id>`, or from no session. */
export function layersForArgs(layers: Layers, args: ParsedArgs): Layers {
  return layers.withSession(optionString(args, 'session') ?? null);
}

/** Unusable layer files go to stderr, so stdout stays the command's own output. */
export function reportProblems(io: CliIo, problems: readonly LayerProblem[]): void {
  for (const problem of problems) io.err(`warning: ${problem.layer} layer: ${problem.path}: ${problem.reason} (ignored)\n`);
}

/** Runs a command body; a layers error (bad name, refused write…) is printed with its reason and exits 2. */
export function withLayerErrors(io: CliIo, body: () => number): number {
  try {
    return body();
  } catch (error) {
    if (!layersErrors.is(error)) throw error;
    io.err(`error: ${error.message} [${error.code}]\n`);
    return EXIT_USAGE;
  }
}

export function usageError(io: CliIo, usage: string): number {
  io.err(usage.endsWith('\n') ? usage : `${usage}\n`);
  return EXIT_USAGE;
}
