import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import { BskError } from '../../kernel/errors';
import { estimateMaxCredits } from '../billing/pricing';
import { explainUnaffordableOutput } from './unaffordable-output';

/** Prices in credits per million tokens ($1 and $10 or $20 per million: 1 credit = 1 micro-USD). */
const model = (outputPerMTok: number): ModelInfo => ({ id: `p/m${outputPerMTok}`, provider: 'p', upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], pricing: { inputPerMTok: 1_000_000, outputPerMTok } });
const shortWallet = (available: number, needed: number) => new BskError('BSK_BILLING_INSUFFICIENT_CREDITS', 402, 'short', { available, needed });
const facts = { pricing: { estimateMaxCredits, computeCredits: () => 0 }, inputTokens: 1000, allowance: 100_000, maxTokensSent: false, field: 'max_tokens' };

describe('explainUnaffordableOutput', () => {
  it('names the largest max_tokens every model of the hold fits in the wallet', () => {
    // 1,000 prompt tokens (1,000 credits) and output at 10 or 20 credits a token: the dearer model decides.
    const error = explainUnaffordableOutput(shortWallet(50_001, 2_001_000), { ...facts, models: [model(10_000_000), model(20_000_000)] }) as BskError;
    expect(error.code).toBe('BSK_GATEWAY_OUTPUT_UNAFFORDABLE');
    const affordable = error.details.affordable as number;
    expect(affordable).toBe(2450);
    const cost = (tokens: number) => estimateMaxCredits(model(20_000_000).pricing, { inputTokens: 1000, maxOutputTokens: tokens });
    expect(cost(affordable)).toBeLessThanOrEqual(50_001);
    expect(cost(affordable + 1)).toBeGreaterThan(50_001);
    expect(error.message).toContain('(the model\'s output limit, as it sets no max_tokens)');
  });

  it('leaves other refusals as they are: not a 402, or a wallet that covers not even the prompt', () => {
    const forbidden = new BskError('BSK_BILLING_KEY_LIMIT', 403, 'cap', { available: 5 });
    expect(explainUnaffordableOutput(forbidden, { ...facts, models: [model(10_000_000)] })).toBe(forbidden);
    const promptOnly = shortWallet(1_000, 1_001_000);
    expect(explainUnaffordableOutput(promptOnly, { ...facts, models: [model(10_000_000)] })).toBe(promptOnly);
  });
});
