import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../paths';
import { GATEWAY_NODE_FLAGS } from './gateway-node-flags';

describe('the gateway\'s Node flags', () => {
  it('are the same in the bytespike bin, npm start and the benchmark', () => {
    const root = findRepoRoot();
    const shebang = readFileSync(join(root, 'kernel/bin/bytespike.ts'), 'utf8').split('\n')[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${GATEWAY_NODE_FLAGS.join(' ')}`);
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/bytespike.js serve`);
  });
});
