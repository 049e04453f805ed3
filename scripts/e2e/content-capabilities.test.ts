import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * Content a model cannot read is refused before anything is held or sent: an image to DeepSeek or
 * Kimi K2 (text-only models) was passed on, to be refused upstream or answered blind and billed.
 */
const e2e = useGatewayWithClients();
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('content a model cannot read', () => {
  it('refuses an image to DeepSeek in OpenAI\'s shape, holding and sending nothing', async () => {
    const before = await e2e.gateway.balance();
    const error = await rejectionOf(e2e.openai.chat.completions.create({
      model: 'deepseek/deepseek-v4-pro',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'capability-image: what is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } }] }],
    }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'BSK_GATEWAY_MODEL_CAPABILITY', message: expect.stringContaining('does not take images') });
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'capability-image')).toEqual([]);
  });

  it('refuses a PDF to Kimi K2 in Anthropic\'s shape, and takes the same PDF for Claude', async () => {
    const content: Anthropic.ContentBlockParam[] = [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') } }, { type: 'text', text: 'capability-pdf: summarise' }];
    const error = await rejectionOf(e2e.anthropic.messages.create({ model: 'kimi/kimi-k2-0905-preview', max_tokens: 100, messages: [{ role: 'user', content }] }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('does not take documents') } });
    const claude = await e2e.anthropic.messages.create({ model: 'anthropic/claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content }] });
    expect(claude.stop_reason).toBe('end_turn');
  });
});
