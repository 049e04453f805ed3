import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessGone } from './process-liveness';

describe('process liveness', () => {
  it('calls a pid gone only once no process has it: not this one, not init (another user\'s, EPERM for most), but an exited child', async () => {
    expect(isProcessGone(process.pid)).toBe(false);
    expect(isProcessGone(1)).toBe(false);
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    expect(isProcessGone(child.pid!)).toBe(true);
  });
});
