import { definePlugin } from '../../kernel/plugin';
import { createHttpHost, type HttpHostConfig } from './http-host';
import { createServeCommand } from './serve-command';

export const activate = definePlugin<HttpHostConfig>((ctx) => {
  const host = createHttpHost(ctx.config, ctx.logger, ctx.kernel.plugins);
  ctx.provide('http', host);
  ctx.contribute('cli-command', createServeCommand(host, ctx.kernel.profile.product));
  // Draining lets in-flight requests finish (streams included) before the kernel moves on.
  return () => host.drain();
});
