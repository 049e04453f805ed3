import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * Endpoints the gateway does not have, called the way today's clients call them: each SDK reads
 * a 404 in its own protocol (and so raises its own "not found" error with our message), not
 * Fastify's default body.
 */
const e2e = useGatewayWithClients();

describe('endpoints this gateway does not have', () => {
  it('the OpenAI SDK calling the Batches API, or the Conversations API, gets an OpenAI-shaped 404 naming the endpoint', async () => {
    const batches = await rejectionOf(e2e.openai.batches.create({ input_file_id: 'file_1', endpoint: '/v1/chat/completions', completion_window: '24h' }));
    expect(batches).toBeInstanceOf(OpenAI.NotFoundError);
    expect(batches).toMatchObject({ status: 404, code: 'BSK_HTTP_NOT_FOUND', error: { type: 'not_found_error', message: 'no endpoint POST /v1/batches on this gateway' } });
    // The gateway keeps responses (GET /v1/responses/{id}), but no conversation objects.
    const conversation = await rejectionOf(e2e.openai.conversations.retrieve('conv_123'));
    expect(conversation).toBeInstanceOf(OpenAI.NotFoundError);
    expect(conversation).toMatchObject({ error: { message: 'no endpoint GET /v1/conversations/conv_123 on this gateway' } });
  });

  it('the Anthropic SDK calling message batches or files gets an Anthropic-shaped 404', async () => {
    const batches = await rejectionOf(e2e.anthropic.messages.batches.create({ requests: [{ custom_id: 'a', params: { model: 'anthropic/claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] } }] }));
    expect(batches).toBeInstanceOf(Anthropic.NotFoundError);
    expect(batches).toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error', message: 'no endpoint POST /v1/messages/batches on this gateway' } } });
    const files = await rejectionOf(e2e.anthropic.beta.files.list());
    expect(files).toBeInstanceOf(Anthropic.NotFoundError);
    expect(files).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error', message: 'no endpoint GET /v1/files on this gateway' } } });
  });

  it('a wrong method on a chat endpoint is a 404 in that endpoint\'s protocol, with the gateway\'s headers', async () => {
    const messages = await fetch(`${e2e.gateway.url}/v1/messages`, { headers: { 'x-api-key': e2e.gateway.apiKey } });
    expect(messages.status).toBe(404);
    expect(messages.headers.get('estimated_credits')).toBe('0');
    expect(await messages.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'no endpoint GET /v1/messages on this gateway' }, request_id: messages.headers.get('request-id') });
    const chat = await fetch(`${e2e.gateway.url}/v1/chat/completions?stream=true`);
    expect(chat.status).toBe(404);
    expect(await chat.json()).toMatchObject({ error: { code: 'BSK_HTTP_NOT_FOUND', message: 'no endpoint GET /v1/chat/completions on this gateway' } });
  });

  it('outside /v1 the answer is the gateway\'s own JSON error', async () => {
    const response = await fetch(`${e2e.gateway.url}/nowhere?x=1`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { type: 'not_found_error', code: 'BSK_HTTP_NOT_FOUND', message: 'no endpoint DELETE /nowhere on this gateway' } });
  });
});
