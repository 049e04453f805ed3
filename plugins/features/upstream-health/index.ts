import { definePlugin } from '../../../kernel/plugin';

/** `GET /health` → `upstreams`: each provider's keys / base URLs, their weight and cool-down state. */
export const activate = definePlugin((ctx) => {
  const pools = () => ctx.contributions('upstream-pool').map((pool) => pool.health());
  ctx.use('http').addHealthCheck('upstreams', pools);
  // A mistyped key variable (ANTROPIC_API_KEY) starts a gateway that can serve nothing; the
  // first lines of `serve` say so. Info, so one-shot commands (warnings only) stay quiet.
  const enabled = pools().filter((pool) => pool.members.some((member) => member.state !== 'disabled')).map((pool) => pool.provider);
  if (enabled.length) ctx.logger.info({ providers: enabled }, `providers enabled: ${enabled.join(', ')}`);
  else ctx.logger.info('no provider is enabled: set an upstream key (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, MOONSHOT_API_KEY, …) or configure openai-compatible instances; chat requests answer 503 BSK_GATEWAY_PROVIDER_DISABLED until then');
});
