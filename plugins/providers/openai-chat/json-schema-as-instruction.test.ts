import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { createDeepSeekProvider } from '../deepseek/deepseek-provider';
import { createKimiProvider } from '../kimi/kimi-provider';
import { createOpenAIProvider } from '../openai/openai-provider';
import { fakeFetch, silentLogger } from '../shared/provider-test-support';
import { withJsonSchemaAsInstruction } from './json-schema-as-instruction';
import { buildModelCatalog } from './model-catalog';
import type { PresetProviderFactory } from './preset-provider';

/** A model of a shipped catalog, as the provider serves it. */
function shippedModel(create: PresetProviderFactory, id: string): ModelInfo {
  return create({ apiKey: 'k', fetch: fakeFetch(() => new Response('{}')).fetch, logger: silentLogger }).models().find((model) => model.id === id)!;
}

const deepseekChat = () => shippedModel(createDeepSeekProvider, 'deepseek/deepseek-chat');
const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
const jsonSchemaFormat = { type: 'json_schema', json_schema: { name: 'place', description: 'Where the user is', schema, strict: true } };
const question = { role: 'user', content: 'Where am I?' };

describe('a json_schema response format on a model that takes json_object only', () => {
  it('DeepSeek: json_object, and the schema (name, description, schema) joins the system prompt, saying "json"', () => {
    const body = withJsonSchemaAsInstruction({ model: 'deepseek-chat', response_format: jsonSchemaFormat, messages: [{ role: 'system', content: 'Be brief.' }, question] }, deepseekChat());
    expect(body.response_format).toEqual({ type: 'json_object' });
    const [system, user] = body.messages as { role: string; content: string }[];
    expect(system!.role).toBe('system');
    expect(system!.content.startsWith('Be brief.\n\n')).toBe(true);
    expect(system!.content).toContain('"place"');
    expect(system!.content).toContain('Where the user is');
    expect(system!.content).toContain(JSON.stringify(schema));
    expect(system!.content).toMatch(/\bjson\b/);
    expect(user).toBe(question);
  });

  it('a system prompt in parts gets one more text part; none gets a system message first; a developer message is joined too', () => {
    const model = deepseekChat();
    const parts = withJsonSchemaAsInstruction({ response_format: jsonSchemaFormat, messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, question] }, model);
    expect((parts.messages as { content: unknown[] }[])[0]!.content).toEqual([{ type: 'text', text: 'Be brief.' }, { type: 'text', text: expect.stringContaining(JSON.stringify(schema)) }]);
    const none = withJsonSchemaAsInstruction({ response_format: jsonSchemaFormat, messages: [question] }, model);
    expect(none.messages).toEqual([{ role: 'system', content: expect.stringContaining(JSON.stringify(schema)) }, question]);
    const developer = withJsonSchemaAsInstruction({ response_format: jsonSchemaFormat, messages: [{ role: 'developer', content: 'Be brief.' }, question] }, model);
    expect((developer.messages as { role: string; content: string }[])[0]).toMatchObject({ role: 'developer', content: expect.stringMatching(/^Be brief\.\n\nAnswer with a json object/) });
  });

  it('leaves the body itself alone where the model takes json_schema, where its catalog says nothing of JSON, and for other formats', () => {
    const body = { response_format: jsonSchemaFormat, messages: [question] };
    expect(withJsonSchemaAsInstruction(body, shippedModel(createKimiProvider, 'kimi/kimi-k2-0905-preview'))).toBe(body);
    expect(withJsonSchemaAsInstruction(body, shippedModel(createOpenAIProvider, 'openai/gpt-4.1'))).toBe(body);
    // An openai-compatible instance's model with the default capabilities (tools, streaming): Ollama and vLLM take json_schema.
    expect(withJsonSchemaAsInstruction(body, buildModelCatalog('ollama', [{ id: 'llama3.1' }], ['tools', 'streaming'])[0]!)).toBe(body);
    const jsonObject = { response_format: { type: 'json_object' }, messages: [question] };
    expect(withJsonSchemaAsInstruction(jsonObject, deepseekChat())).toBe(jsonObject);
    const plain = { messages: [question] };
    expect(withJsonSchemaAsInstruction(plain, deepseekChat())).toBe(plain);
  });
});
