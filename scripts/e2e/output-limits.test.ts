import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Clients set max_tokens for the model they had in mind: Claude Code asks 32,000 of every model,
 * and a script may send anything. A translated call asks the upstream for no more than the
 * model can write (DeepSeek V4 writes at most 384K), and the hold covers no more either.
 */
const e2e = useGatewayWithClients();

describe('max_tokens beyond the model\'s output limit', () => {
  it('asks DeepSeek for its limit when a Messages client asks more, streamed and not', async () => {
    for (const stream of [false, true]) {
      const marker = `output-limit-${stream}`;
      const request = { model: 'deepseek/deepseek-flash', max_tokens: 500_000, messages: [{ role: 'user' as const, content: `${marker}: hi` }] };
      // The SDK refuses a non-streamed max_tokens that could take over ten minutes, unless the call sets its own timeout.
      const message = stream ? await e2e.anthropic.messages.stream(request).finalMessage() : await e2e.anthropic.messages.create(request, { timeout: 60_000 });
      expect(message.stop_reason).toBe('end_turn');
      const sent = (await upstreamBodies(e2e.gateway, marker)).at(-1)!;
      expect(sent.body.max_tokens).toBe(384_000);
    }
  });

  it('answers a max_tokens of 1e308 within the model\'s limit instead of holding Infinity credits', async () => {
    const answer = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-haiku-4-5', max_tokens: 1e308, messages: [{ role: 'user', content: 'output-limit-huge: hi' }] });
    expect(answer.choices[0]!.finish_reason).toBe('stop');
    const sent = (await upstreamBodies(e2e.gateway, 'output-limit-huge')).at(-1)!;
    expect(sent.body.max_tokens).toBe(64_000);
  });
});
