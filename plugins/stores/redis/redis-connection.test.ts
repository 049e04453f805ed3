import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { createCommandClient, type RedisTarget } from './redis-connection';

const logger = createLogger({ level: 'silent' });

function refusalOf(target: RedisTarget): unknown {
  try {
    createCommandClient({ target, commandTimeoutMs: 500, logger }).disconnect();
  } catch (error) {
    return error;
  }
  return 'no error';
}

describe('a Redis target URL that does not parse', () => {
  it('is named by its field, the password never quoted', () => {
    const refusal = refusalOf({ url: 'redis://:hunter2-secret@[db' });
    expect(refusal).toMatchObject({ code: 'BSK_STORE_CONFIG_INVALID', details: { field: 'url' } });
    expect((refusal as Error).message).not.toContain('hunter2-secret');
    expect(refusalOf({ clusterNodes: ['redis://127.0.0.1:7000', 'redis://[db'] })).toMatchObject({ code: 'BSK_STORE_CONFIG_INVALID', details: { field: 'clusterNodes.1' } });
  });
});
