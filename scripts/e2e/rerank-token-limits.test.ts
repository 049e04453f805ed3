import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { fundedWallet } from './funded-wallet';

/**
 * A key's tokens-per-minute limit counts a rerank as it counts an embeddings or chat request:
 * admitted on its estimated tokens (the query once per document plus the documents, as Voyage
 * counts them), corrected to the tokens the upstream reports when it settles (Voyage's
 * `usage.total_tokens`; the estimate where the upstream reports none, as Cohere). A rerank past
 * the limit is the endpoint's OpenAI-shape 429 with its retry-after, before anything is held or
 * sent upstream.
 */
const e2e = useGatewayWithClients();

const QUERY = 'capital of France?';
/**
 * 18 characters and three documents of 350: the gateway estimates 6 + 100 each (3.5 characters a
 * token), 3 × 6 + 300 = 318 tokens; the simulator counts 5 + 88 each (4 a token), 3 × 5 + 264 = 279.
 */
const DOCUMENTS = ['Paris is the capital of France. ', 'The Eiffel tower stands in Paris. ', 'Bananas are yellow. '].map((sentence) => sentence.repeat(20).slice(0, 350));

type Rerank = { results: { index: number }[] };
const rerank = (openai: OpenAI, model: string, body: { query: string; documents: string[] } = { query: QUERY, documents: DOCUMENTS }) => openai.post<Rerank>('/rerank', { body: { model, ...body } });

/** The tokens the Voyage stand-in reports for the rerank, asked of it directly. */
async function voyageReportedTokens(): Promise<number> {
  const answer = await fetch(`${e2e.gateway.simulatorUrl}/voyage/v1/rerank`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sim-upstream-key' }, body: JSON.stringify({ model: 'rerank-2.5', query: QUERY, documents: DOCUMENTS }) });
  return ((await answer.json()) as { usage: { total_tokens: number } }).usage.total_tokens;
}

/** The rerank requests the simulator received. */
async function upstreamRerankCalls(): Promise<number> {
  const log = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests`)).json()) as { requests: { path: string }[] };
  return log.requests.filter((request) => request.path.endsWith('/rerank')).length;
}

const chat = (openai: OpenAI, maxTokens: number) => openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: maxTokens, messages: [{ role: 'user', content: 'Say hello' }] });

/** The tokens a refused request would have held, as its 429 names them. */
function heldTokensOf(refusal: unknown): number {
  return Number(/this request may use (\d+)\)/.exec((refusal as Error).message)?.[1]);
}

describe('tokens-per-minute limits on rerank requests', () => {
  it('count the tokens the upstream reported for a rerank, which a following chat request sees', async () => {
    const limited = await fundedWallet(e2e.gateway, 10_000_000, { tpm: 1000 });
    const reported = await voyageReportedTokens();
    expect(reported).toBe(279);
    expect((await rerank(limited.openai, 'voyage/rerank-2.5')).results).toHaveLength(3);
    // A chat request holding what the rerank left of the minute and a few tokens more is refused...
    const over = await rejectionOf(chat(limited.openai, 1000 - reported));
    expect(over).toBeInstanceOf(OpenAI.RateLimitError);
    expect(over).toMatchObject({ code: 'BSK_RATE_KEY_TPM' });
    const promptTokens = heldTokensOf(over) - (1000 - reported);
    expect(promptTokens).toBeGreaterThan(0);
    // ...and one holding exactly what is left (721) gets in: the rerank counts its 279 reported tokens, not its 318 estimate.
    const fits = await chat(limited.openai, 1000 - reported - promptTokens);
    expect(fits.choices[0]!.message.content).toBeTruthy();
  });

  it('refuse a rerank on a key whose minute is used up with a 429 naming the limit and retry-after, holding, sending and billing nothing', async () => {
    const limited = await fundedWallet(e2e.gateway, 10_000_000, { tpm: 200 });
    // Cohere reports no tokens: the rerank counts its estimate, 318, past the whole limit (it got into an empty minute).
    expect((await rerank(limited.openai, 'cohere/rerank-v3.5')).results).toHaveLength(3);
    const balance = await limited.balance();
    const sent = await upstreamRerankCalls();
    const refusal = await rejectionOf(rerank(limited.openai, 'voyage/rerank-2.5', { query: 'q', documents: ['a'] }));
    expect(refusal).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refusal).toMatchObject({ status: 429, code: 'BSK_RATE_KEY_TPM', error: { type: expect.any(String), code: 'BSK_RATE_KEY_TPM' } });
    expect((refusal as Error).message).toContain('token limit of this key reached (200 tokens per minute');
    expect(Number((refusal as APIError).headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(await upstreamRerankCalls()).toBe(sent);
    expect(await limited.balance()).toBe(balance);
    // No hold was taken: the request left no reservation behind.
    const requestId = (refusal as APIError).headers?.get('request-id');
    expect(requestId).toMatch(/^req_/);
    await expect(e2e.gateway.kernel.use('billing').getGeneration(requestId!, limited.orgId)).rejects.toMatchObject({ code: 'BSK_BILLING_GENERATION_NOT_FOUND' });
  });
});
