import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { gatewayHeaders } from './gateway-headers';

const model = (id: string, fields: Partial<ModelInfo> = {}): ModelInfo => ({ id, provider: id.split('/')[0]!, upstreamId: id, aliases: [], displayName: id, modality: 'chat', capabilities: [], pricing: {}, ...fields });

// Far-future dates: the headers are told while a model is still served, on any day the suite runs.
const retiring = model('p/retiring', { retiresAt: '2099-12-31', deprecatedAt: '2099-06-30' });
const healthy = model('p/healthy');

describe('gatewayHeaders', () => {
  it('names the model that answered, and tells the retirement of the model asked for (a fallback answered: the other one)', () => {
    const asked = gatewayHeaders({ estimatedCredits: 5, overheadMs: 1.234, model: healthy, requestedModel: retiring });
    expect(asked).toEqual({ estimated_credits: '5', 'bytespike-overhead-ms': '1.23', 'bytespike-model': 'p/healthy', sunset: 'Thu, 31 Dec 2099 00:00:00 GMT', deprecation: `@${Date.UTC(2099, 5, 30) / 1000}` });
    const answered = gatewayHeaders({ estimatedCredits: 5, overheadMs: 1, model: retiring, requestedModel: healthy });
    expect(answered).toEqual({ estimated_credits: '5', 'bytespike-overhead-ms': '1.00', 'bytespike-model': 'p/retiring' });
  });

  it('adds to the headers it is handed, and names no model on an answer without one', () => {
    const headers = { 'bytespike-cache': 'hit' };
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 0, model: retiring, requestedModel: retiring }, headers)).toBe(headers);
    expect(headers).toMatchObject({ 'bytespike-cache': 'hit', 'bytespike-model': 'p/retiring', sunset: 'Thu, 31 Dec 2099 00:00:00 GMT' });
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 0 })).toEqual({ estimated_credits: '0', 'bytespike-overhead-ms': '0.00' });
  });

  it('tells the retirement of a model asked for when none answered (an error), naming no model', () => {
    const headers = { 'retry-after': '3' };
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 2, requestedModel: retiring }, headers)).toBe(headers);
    expect(headers).toEqual({ 'retry-after': '3', estimated_credits: '0', 'bytespike-overhead-ms': '2.00', sunset: 'Thu, 31 Dec 2099 00:00:00 GMT', deprecation: `@${Date.UTC(2099, 5, 30) / 1000}` });
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 2, requestedModel: healthy })).toEqual({ estimated_credits: '0', 'bytespike-overhead-ms': '2.00' });
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 2, requestedModel: undefined })).toEqual({ estimated_credits: '0', 'bytespike-overhead-ms': '2.00' });
  });

  it('takes no answering model without the one asked for (tsc checks this file)', () => {
    // @ts-expect-error a model that answered always comes with the model asked for
    expect(gatewayHeaders({ estimatedCredits: 0, overheadMs: 0, model: healthy })['bytespike-model']).toBe('p/healthy');
  });
});
