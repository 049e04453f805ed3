import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Gemini takes at most five stop sequences and refuses more; an Anthropic client may send more.
 * The first five go, as the first four go to OpenAI, and the client gets its answer.
 */
const e2e = useGatewayWithClients();
const STOP_SEQUENCES = ['#1', '#2', '#3', '#4', '#5', '#6'];

describe.each([false, true])('Messages with six stop sequences to Gemini (streamed: %s)', (stream) => {
  it('sends the first five and answers', async () => {
    const marker = `gemini-stop-sequences-${stream}`;
    const params = { model: 'gemini/gemini-2.5-flash', max_tokens: 256, stop_sequences: STOP_SEQUENCES, messages: [{ role: 'user' as const, content: `${marker}: say hello.` }] };
    const message = stream ? await e2e.anthropic.messages.stream(params).finalMessage() : await e2e.anthropic.messages.create(params);
    expect(message.stop_reason).toBe('end_turn');
    const [sent] = await upstreamBodies(e2e.gateway, marker);
    expect(sent!.body.generationConfig).toMatchObject({ stopSequences: STOP_SEQUENCES.slice(0, 5) });
  });
});
