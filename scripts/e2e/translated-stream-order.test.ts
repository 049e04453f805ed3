import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Translated streams open one content block (Messages) or output item (Responses) at a time,
 * as Anthropic's and OpenAI's own streams do: clients that follow "the current block" rely on
 * it. Chat Completions upstreams (DeepSeek, Kimi, gpt-4.1) stream parallel tool calls by index;
 * each call still comes out whole, closed before the next one starts. And `message_start`
 * estimates the input tokens the way count_tokens does, near the figure the upstream reports.
 */
const e2e = useGatewayWithClients();

const CHAT_STYLE_MODELS = ['deepseek/deepseek-chat', 'kimi/kimi-k2', 'openai/gpt-4.1'];
/** OpenAI's models speak the Responses API themselves (passthrough): the others are translated there. */
const isTranslatedOnResponses = (model: string) => !model.startsWith('openai/');
const PROMPT = 'Look around the project first. [[tools:Bash,Read]]';
const SYSTEM = 'You are a careful coding assistant working in a terminal. '.repeat(8);
const TOOLS = [
  { name: 'Bash', description: 'Runs a shell command and returns its output.', schema: { type: 'object', properties: { command: { type: 'string', description: 'The command to run' }, timeout: { type: 'number' } }, required: ['command'] } },
  { name: 'Read', description: 'Reads a file from the local filesystem.', schema: { type: 'object', properties: { file_path: { type: 'string', description: 'The absolute path of the file' } }, required: ['file_path'] } },
];

/** Fails at the first block opened while another is open, or closed without being the open one. */
function expectOneOpenAtATime(steps: readonly { readonly open: boolean; readonly index: number }[]): void {
  let open: number | null = null;
  for (const step of steps) {
    if (step.open) {
      expect(open, `block ${step.index} opened while ${open} is open`).toBeNull();
      open = step.index;
    } else {
      expect(step.index, `block ${step.index} closed while ${open} is open`).toBe(open);
      open = null;
    }
  }
  expect(open).toBeNull();
}

describe.each(CHAT_STYLE_MODELS)('%s', (model) => {
  it('Messages: parallel tool calls come one block at a time, each whole; message_start\'s input tokens are near the final count', async () => {
    const stream = await e2e.anthropic.messages.create({
      model, max_tokens: 1024, stream: true, system: SYSTEM,
      tools: TOOLS.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.schema as { type: 'object' } })),
      messages: [{ role: 'user', content: PROMPT }],
    });
    const steps: { open: boolean; index: number }[] = [];
    const calls = new Map<number, { name: string; json: string }>();
    let startInput = 0;
    let finalInput = 0;
    for await (const event of stream) {
      if (event.type === 'message_start') startInput = event.message.usage.input_tokens;
      if (event.type === 'content_block_start') steps.push({ open: true, index: event.index });
      if (event.type === 'content_block_stop') steps.push({ open: false, index: event.index });
      if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') calls.set(event.index, { name: event.content_block.name, json: '' });
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') calls.get(event.index)!.json += event.delta.partial_json;
      if (event.type === 'message_delta') finalInput = event.usage.input_tokens ?? 0;
    }
    expectOneOpenAtATime(steps);
    expect([...calls.values()].map((call) => call.name)).toEqual(['Bash', 'Read']);
    for (const call of calls.values()) expect(JSON.parse(call.json)).toBeTypeOf('object');
    // The simulator counts ceil(characters / 4) of the request it got; the estimate is 3.5 characters a token.
    expect(finalInput).toBeGreaterThan(0);
    expect(Math.abs(startInput - finalInput) / finalInput).toBeLessThan(0.25);
  });

  it.runIf(isTranslatedOnResponses(model))('Responses: parallel tool calls come one output item at a time, each done before the next is added', async () => {
    const stream = await e2e.openai.responses.create({
      model, stream: true, instructions: SYSTEM, input: PROMPT,
      tools: TOOLS.map((tool) => ({ type: 'function' as const, name: tool.name, description: tool.description, parameters: tool.schema, strict: false })),
    });
    const steps: { open: boolean; index: number }[] = [];
    const argumentsDone: string[] = [];
    for await (const event of stream) {
      if (event.type === 'response.output_item.added') steps.push({ open: true, index: event.output_index });
      if (event.type === 'response.output_item.done') steps.push({ open: false, index: event.output_index });
      if (event.type === 'response.function_call_arguments.done') {
        // Done before its item is, and while it is the open one.
        expect(steps.at(-1)).toEqual({ open: true, index: event.output_index });
        argumentsDone.push(event.arguments);
      }
    }
    expectOneOpenAtATime(steps);
    expect(argumentsDone).toHaveLength(2);
    for (const json of argumentsDone) expect(JSON.parse(json)).toBeTypeOf('object');
  });
});
