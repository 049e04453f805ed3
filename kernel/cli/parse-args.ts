import { kernelErrors } from '../kernel-errors';

export interface ParsedArgs {
  /** Words that are not options, in order (the command path first). */
  readonly positionals: string[];
  /** `--name value` / `--name=value`; repeated options collect into arrays. */
  readonly options: Record<string, string | string[] | true>;
}

/**
 * A small parser: every `--option` takes a value unless it is declared boolean (or is
 * followed by nothing / another option). `-m` style short aliases map to long names.
 */
export function parseArgs(argv: readonly string[], spec: { booleans?: readonly string[]; aliases?: Record<string, string> } = {}): ParsedArgs {
  const booleans = new Set(['help', 'version', 'json', ...(spec.booleans ?? [])]);
  const positionals: string[] = [];
  const options: Record<string, string | string[] | true> = {};
  const set = (name: string, value: string | true) => {
    const previous = options[name];
    if (previous === undefined || value === true) options[name] = value;
    else options[name] = [...(Array.isArray(previous) ? previous : previous === true ? [] : [previous]), value];
  };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    const long = word.startsWith('--') ? word.slice(2) : word.length === 2 && word.startsWith('-') ? spec.aliases?.[word.slice(1)] ?? (word === '-h' ? 'help' : word === '-v' ? 'version' : undefined) : undefined;
    if (long === undefined) {
      if (word.startsWith('-') && word.length > 1 && !/^-\d/.test(word)) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `unknown option ${word}` });
      positionals.push(word);
      continue;
    }
    const [name, inline] = long.split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) set(name, inline);
    else if (booleans.has(name) || index + 1 >= argv.length || argv[index + 1]!.startsWith('--')) set(name, true);
    else set(name, argv[++index]!);
  }
  return { positionals, options };
}

export function optionString(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  if (value === undefined) return undefined;
  if (value === true) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `--${name} needs a value` });
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function optionList(args: ParsedArgs, name: string): string[] {
  const value = args.options[name];
  if (value === undefined) return [];
  if (value === true) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `--${name} needs a value` });
  return Array.isArray(value) ? value : [value];
}
