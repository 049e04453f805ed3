import { join } from 'node:path';
import { definePlugin } from '../../../kernel/plugin';
import { createSecretStore } from './secret-store';

export type { SecretCipher } from './secret-cipher';
export type { SecretStore } from './secret-store';

export const activate = definePlugin((ctx) => {
  // The kernel's data folder is DOSIA_HOME, the Personal root: secrets are this user's, on this device.
  ctx.provide('secrets', createSecretStore(join(ctx.kernel.dataDir, 'secrets.json')));
});
