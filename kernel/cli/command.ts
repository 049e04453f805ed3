import type { Kernel } from '../kernel';
import type { ParsedArgs } from './parse-args';

/** Where a command writes: stdout is the product's output, stderr its diagnostics. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly isTty: boolean;
}

/** A command a plugin adds to `bytespike` or `dosia` (e.g. `serve`, `admin`, `migrate`). */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Full help text shown by `<product> <command> --help`. */
  readonly usage: string;
  readonly booleans?: readonly string[];
  readonly aliases?: Readonly<Record<string, string>>;
  /** Resolves with the process exit code. Long-running commands resolve when they stop. */
  run(args: ParsedArgs, io: CliIo, kernel: Kernel): Promise<number>;
}

declare module '../capabilities' {
  interface Contributions {
    'cli-command': CliCommand;
  }
}
