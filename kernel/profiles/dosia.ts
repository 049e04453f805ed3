import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Profile } from '../profile';

/** DOSIA, the desktop client: its core services under `desktop/`, plus the shared tool plugins. */
export const dosiaProfile: Profile = {
  name: 'dosia',
  product: 'dosia',
  envPrefix: 'DOSIA',
  builtinRoots: ['desktop', 'plugins'],
  plugins: ['dosia-layers', 'dosia-secrets', 'dosia-providers', 'dosia-conversations', 'dosia-agent', 'dosia-mcp', 'dosia-skills', 'dosia-compare', 'dosia-web'],
  defaultDataDir: (env, cwd) => resolve(cwd, env.DOSIA_HOME ?? join(homedir(), '.dosia')),
};
