import { describe, expect, it } from 'vitest';
import { newRequestId } from './request-id';

describe('newRequestId', () => {
  it('is req_ and 32 hex digits, unique, and sorts by time', () => {
    const ids = [newRequestId(1_700_000_000_000), newRequestId(1_700_000_000_001), newRequestId(1_800_000_000_000)];
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newRequestId(1)))).toHaveProperty('size', 1000);
  });
});
