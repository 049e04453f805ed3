import { join } from 'node:path';
import { findRepoRoot } from '../../kernel/paths';
import { definePlugin } from '../../kernel/plugin';
import { packageVersion } from '../../kernel/cli/run-cli';
import { createBridgeService } from '../bridge/bridge-service';
import { collectCoreServices } from '../bridge/core-services';
import { createWebCommand } from './web-command';

interface WebConfig {
  readonly rendererDir?: string;
  readonly port: number;
}

export const activate = definePlugin<WebConfig>((ctx) => {
  ctx.contribute('cli-command', createWebCommand({
    rendererDir: ctx.config.rendererDir ?? join(findRepoRoot(), 'dist', 'desktop', 'renderer'),
    defaultPort: ctx.config.port,
    createService: () => createBridgeService({ services: collectCoreServices(ctx.use('layers'), (capability) => ctx.tryUse(capability)), shell: 'web', version: packageVersion(), dataDir: ctx.kernel.dataDir, logger: ctx.logger }),
  }));
});
