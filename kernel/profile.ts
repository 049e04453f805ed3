/**
 * A profile is one product built from the kernel: which built-in plugins it loads,
 * where it looks for its config and extra plugins, and where it keeps its data.
 */
export interface Profile {
  readonly name: 'gateway' | 'dosia';
  /** The command name and config file stem: `bytespike` → `bytespike.config.json`. */
  readonly product: 'bytespike' | 'dosia';
  /** Prefix of its environment variables: `BYTESPIKE_PLUGIN_DIRS`, `BYTESPIKE_CONFIG`, … */
  readonly envPrefix: 'BYTESPIKE' | 'DOSIA';
  /** Folders (relative to the repo root) searched for built-in plugins. */
  readonly builtinRoots: readonly string[];
  /** Names of the built-in plugins this profile loads; third-party plugins always load. */
  readonly plugins: readonly string[];
  /** The data folder; installed third-party plugins live in `<dataDir>/plugins`. */
  defaultDataDir(env: NodeJS.ProcessEnv, cwd: string): string;
}
