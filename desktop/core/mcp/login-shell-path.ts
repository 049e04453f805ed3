import { execFile } from 'node:child_process';

export interface LoginShellPathOptions {
  /** `$SHELL`; without one the fallback is used. */
  readonly shell: string | undefined;
  readonly fallback: string;
  readonly timeoutMs: number;
}

/**
 * The PATH a login shell sets up (Homebrew, nvm, pyenv…). Apps started from the macOS Dock or
 * a desktop launcher get a bare PATH, so `npx` or `uvx` would not be found. A shell whose
 * profile hangs or fails gives the process's own PATH instead.
 */
export function resolveLoginShellPath(options: LoginShellPathOptions): Promise<string> {
  if (!options.shell) return Promise.resolve(options.fallback);
  return new Promise((resolve) => {
    execFile(options.shell!, ['-ilc', 'printf %s "$PATH"'], { timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout) => {
      // Interactive profiles may print banners before our line; PATH is what printf wrote last.
      const path = String(stdout ?? '').split('\n').at(-1)?.trim() ?? '';
      resolve(!error && path.includes('/') ? path : options.fallback);
    });
  });
}
