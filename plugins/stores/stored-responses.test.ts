import { describe, expect, it } from 'vitest';
import type { StoredResponseRow } from './stored-response-repository';
import { BOTH_STORES, useOpenedStore } from './__fixtures__/open-stores';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-31T00:00:00.000Z';
const afterExpiry = '2025-02-01T00:00:00.000Z';

function turn(id: string, previousResponseId: string | null, overrides: Partial<StoredResponseRow> = {}): StoredResponseRow {
  return {
    id, orgId: 'org_a', keyId: 'key_a', model: 'openai/gpt-5.4', previousResponseId,
    inputItems: [{ role: 'user', content: `question of ${id}` }],
    response: { id, object: 'response', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `answer of ${id}` }] }] },
    createdAt: at, expiresAt, ...overrides,
  };
}

describe.each(BOTH_STORES)('%s stored responses', (_name, open) => {
  const store = useOpenedStore(open);

  it('keeps a response per org, as it was given, until it expires', async () => {
    expect(await store().insertStoredResponse(turn('resp_1', null))).toBe(true);
    expect(await store().getStoredResponse('org_a', 'resp_1', at)).toEqual(turn('resp_1', null));
    expect(await store().getStoredResponse('org_b', 'resp_1', at)).toBeNull();
    expect(await store().getStoredResponse('org_a', 'resp_1', afterExpiry)).toBeNull();
  });

  it('keeps the first of two responses of one id in an org, and the same id apart in another org', async () => {
    await store().insertStoredResponse(turn('resp_dup', null));
    expect(await store().insertStoredResponse(turn('resp_dup', null, { model: 'other' }))).toBe(false);
    expect(await store().insertStoredResponse(turn('resp_dup', null, { orgId: 'org_b', model: 'theirs' }))).toBe(true);
    expect((await store().getStoredResponse('org_a', 'resp_dup', at))?.model).toBe('openai/gpt-5.4');
    expect((await store().getStoredResponse('org_b', 'resp_dup', at))?.model).toBe('theirs');
  });

  it('reads a conversation back oldest first, each turn stored once', async () => {
    await store().insertStoredResponse(turn('resp_c1', null));
    await store().insertStoredResponse(turn('resp_c2', 'resp_c1'));
    await store().insertStoredResponse(turn('resp_c3', 'resp_c2'));
    const chain = await store().listStoredResponseChain('org_a', 'resp_c3', at, 100);
    expect(chain.map((row) => row.id)).toEqual(['resp_c1', 'resp_c2', 'resp_c3']);
    expect(chain[1]).toEqual(turn('resp_c2', 'resp_c1'));
    // A branch from the middle shares the turns before it.
    await store().insertStoredResponse(turn('resp_c2b', 'resp_c1'));
    expect((await store().listStoredResponseChain('org_a', 'resp_c2b', at, 100)).map((row) => row.id)).toEqual(['resp_c1', 'resp_c2b']);
    expect(await store().listStoredResponseChain('org_b', 'resp_c3', at, 100)).toEqual([]);
  });

  it('stops the walk back at a response that is gone or past the most asked for', async () => {
    await store().insertStoredResponse(turn('resp_g1', null, { expiresAt: '2025-01-02T00:00:00.000Z' }));
    await store().insertStoredResponse(turn('resp_g2', 'resp_g1'));
    await store().insertStoredResponse(turn('resp_g3', 'resp_g2'));
    expect((await store().listStoredResponseChain('org_a', 'resp_g3', at, 100)).map((row) => row.id)).toEqual(['resp_g1', 'resp_g2', 'resp_g3']);
    expect((await store().listStoredResponseChain('org_a', 'resp_g3', '2025-01-03T00:00:00.000Z', 100)).map((row) => row.id)).toEqual(['resp_g2', 'resp_g3']);
    expect((await store().listStoredResponseChain('org_a', 'resp_g3', at, 2)).map((row) => row.id)).toEqual(['resp_g2', 'resp_g3']);
    expect(await store().deleteStoredResponse('org_a', 'resp_g2', at)).toBe(true);
    expect(await store().deleteStoredResponse('org_a', 'resp_g2', at)).toBe(false);
    expect((await store().listStoredResponseChain('org_a', 'resp_g3', at, 100)).map((row) => row.id)).toEqual(['resp_g3']);
  });

  it('deletes only the org\'s own response, and the expired ones in bulk', async () => {
    await store().insertStoredResponse(turn('resp_d1', null));
    expect(await store().deleteStoredResponse('org_b', 'resp_d1', at)).toBe(false);
    expect(await store().getStoredResponse('org_a', 'resp_d1', at)).not.toBeNull();
    await store().insertStoredResponse(turn('resp_x1', null, { expiresAt: '2024-12-31T00:00:00.000Z' }));
    await store().insertStoredResponse(turn('resp_x2', null, { orgId: 'org_b', expiresAt: '2024-12-31T00:00:00.000Z' }));
    expect(await store().deleteStoredResponse('org_a', 'resp_x1', at)).toBe(false);
    expect(await store().deleteExpiredStoredResponses(at)).toBe(2);
    expect(await store().getStoredResponse('org_a', 'resp_d1', at)).not.toBeNull();
  });
});
