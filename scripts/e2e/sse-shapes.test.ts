import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Every legal shape of an upstream's SSE stream (scripts/upstream-sim/sse-shape.ts: a byte order
 * mark, CR, CRLF and LF line ends mixed, comments, `id:` and `retry:` lines, `data:` without the
 * space, on several lines, an empty `data:` line, no line end after the last event, a byte per
 * read) reaches the official SDKs as the same answer as the plain stream, for every provider,
 * relayed (the client speaks the provider's protocol) and translated, and is billed once, as much.
 */
const e2e = useGatewayWithClients();

const SHAPES = 'line-ends=mixed,bom,extra-lines,no-space,split-data,empty-data,unterminated';
/** The plain stream's directive, as long as the shaped one's: the prompt counts as many tokens. */
const plain = (shape: string) => `[[fault:key=${'x'.repeat(shape.length - 4)}]]`;

type Call = (prompt: string) => Promise<{ text: string; usage: unknown }>;

const messages = (model: string): Call => async (prompt) => {
  const stream = e2e.anthropic.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
  const final = await stream.finalMessage();
  return { text: final.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), usage: final.usage };
};

const chat = (model: string): Call => async (prompt) => {
  const stream = await e2e.openai.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: prompt }] });
  let text = '';
  const usages: unknown[] = [];
  let finished = false;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.choices[0]?.finish_reason) finished = true;
    if (chunk.usage) usages.push(chunk.usage);
  }
  expect(finished).toBe(true);
  // The final usage chunk comes once: the gateway's own is added only when the upstream sent none.
  expect(usages).toHaveLength(1);
  return { text, usage: usages[0] };
};

const responses = (model: string): Call => async (prompt) => {
  const stream = e2e.openai.responses.stream({ model, input: prompt });
  const final = await stream.finalResponse();
  return { text: final.output_text, usage: final.usage };
};

const ROUTES: { name: string; call: Call }[] = [
  { name: 'Claude, relayed to Messages', call: messages('anthropic/claude-haiku-4-5') },
  { name: 'Claude, translated to Chat Completions', call: chat('anthropic/claude-haiku-4-5') },
  { name: 'GPT, relayed to Chat Completions', call: chat('openai/gpt-4.1') },
  { name: 'GPT, translated to Messages', call: messages('openai/gpt-4.1') },
  { name: 'GPT Responses, relayed', call: responses('openai/gpt-5.4') },
  { name: 'GPT Responses, translated to Messages', call: messages('openai/gpt-5.4') },
  { name: 'Gemini, translated to Chat Completions', call: chat('gemini/gemini-2.5-flash') },
  { name: 'Gemini, translated to Messages', call: messages('gemini/gemini-2.5-flash') },
  { name: 'DeepSeek, relayed to Chat Completions', call: chat('deepseek/deepseek-chat') },
  { name: 'DeepSeek, translated to Messages', call: messages('deepseek/deepseek-chat') },
  { name: 'Kimi, relayed to Chat Completions', call: chat('kimi/kimi-k2-0905-preview') },
  { name: 'Kimi, translated to Messages', call: messages('kimi/kimi-k2-0905-preview') },
];

async function billed(call: Call, prompt: string): Promise<{ text: string; usage: unknown; credits: number }> {
  const before = await e2e.gateway.balance();
  const answer = await call(prompt);
  return { ...answer, credits: before - (await e2e.gateway.balance()) };
}

describe.each(ROUTES)('$name', ({ call }) => {
  it.each([SHAPES, 'byte-reads,line-ends=cr,bom'])('reads a stream in the shapes %s as the plain one, billed once, as much', async (shape) => {
    const prompt = 'Say héllo 世界 🎉 [[long:6]]';
    const expected = await billed(call, `${plain(shape)} ${prompt}`);
    const shaped = await billed(call, `[[fault:${shape}]] ${prompt}`);
    expect(expected.text.length).toBeGreaterThan(0);
    expect(expected.credits).toBeGreaterThan(0);
    expect(shaped).toEqual(expected);
  });
});

/** A line end, then another: the empty line that ends an event (a CR before an LF is one CRLF). */
const EVENT_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;

/** Whole raw events of a stream, split here as the standard says, the unterminated last one ended as the gateway ends it. */
function rawEvents(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  const events: string[] = [];
  let start = 0;
  for (const match of text.matchAll(EVENT_END)) {
    events.push(text.slice(start, match.index + match[0].length));
    start = match.index + match[0].length;
  }
  return start < text.length ? [...events, `${text.slice(start)}\n\n`] : events;
}

function dataOf(event: string): unknown {
  const lines = event.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).filter((line) => line.startsWith('data:'));
  return JSON.parse(lines.map((line) => line.slice(5).replace(/^ /, '')).join('\n'));
}

/** The one event the gateway annotates with the credits it billed, without that annotation. */
function withoutCredits(event: string): unknown {
  const data = dataOf(event) as { usage?: Record<string, unknown>; response?: { usage?: Record<string, unknown> } };
  delete data.usage?.bytespike_credits;
  delete data.response?.usage?.bytespike_credits;
  return data;
}

const RELAYED = [
  { name: 'Claude to Messages', path: '/v1/messages', body: { model: 'anthropic/claude-haiku-4-5', max_tokens: 256 } },
  { name: 'GPT to Chat Completions', path: '/v1/chat/completions', body: { model: 'openai/gpt-4.1', stream_options: { include_usage: true } } },
  { name: 'DeepSeek to Chat Completions', path: '/v1/chat/completions', body: { model: 'deepseek/deepseek-chat', stream_options: { include_usage: true } } },
  { name: 'GPT to Responses', path: '/v1/responses', body: { model: 'openai/gpt-5.4' } },
];

describe.each(RELAYED)('relayed, $name', (route) => {
  it.each([SHAPES, 'byte-reads,line-ends=mixed,bom'])('gives the client the upstream\'s bytes in the shapes %s, but for the final usage annotation and the blank line a last event lacked', async (shape) => {
    const prompt = `[[fault:${shape}]] Say héllo 世界 [[long:4]]`;
    const input = route.path === '/v1/responses' ? { input: prompt } : { messages: [{ role: 'user', content: prompt }] };
    const response = await fetch(`${e2e.gateway.url}${route.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${e2e.gateway.apiKey}`, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...route.body, ...input, stream: true }),
    });
    const relayed = rawEvents(Buffer.from(await response.arrayBuffer()));
    // The upstream's answer to what the gateway sent it, asked again: the simulator answers a request alike each time.
    const log = await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests`)).json() as { requests: { path: string; rawBody: string }[] };
    const sent = log.requests.at(-1)!;
    const upstream = await fetch(`${e2e.gateway.simulatorUrl}${sent.path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sim-upstream-key', 'x-api-key': 'sim-upstream-key', 'anthropic-version': '2023-06-01' }, body: sent.rawBody });
    const original = rawEvents(Buffer.from(await upstream.arrayBuffer()));
    expect(relayed.length).toBe(original.length);
    const annotated = relayed.flatMap((event, at) => (event === original[at] ? [] : [at]));
    expect(annotated).toHaveLength(1);
    const at = annotated[0]!;
    expect(relayed[at]).toContain('bytespike_credits');
    expect(withoutCredits(relayed[at]!)).toEqual(dataOf(original[at]!));
  });
});
