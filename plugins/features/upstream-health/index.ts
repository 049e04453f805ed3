import { definePlugin } from '../../../kernel/plugin';

/** `GET /health` → `upstreams`: each provider's keys / base URLs, their weight and cool-down state. */
export const activate = definePlugin((ctx) => {
  ctx.use('http').addHealthCheck('upstreams', () => ctx.contributions('upstream-pool').map((pool) => pool.health()));
});
