import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './__fixtures__/fixture-plugins';
import { waitForShutdownSignal } from './shutdown';

// process.emit only calls the listeners registered in JavaScript; it sends no real signal.
describe('waitForShutdownSignal', () => {
  const listenersBefore = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
  afterEach(() => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal).slice(listenersBefore[signal])) process.off(signal, listener);
    }
  });

  it('resolves with the first SIGTERM or SIGINT so the caller can drain', async () => {
    const exits: number[] = [];
    const waiting = waitForShutdownSignal(silentLogger, (code) => void exits.push(code));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await waiting).toBe('SIGTERM');
    expect(exits).toEqual([]);
  });

  it('exits at once with 1 on a second signal while draining', async () => {
    const exits: number[] = [];
    const waiting = waitForShutdownSignal(silentLogger, (code) => void exits.push(code));
    process.emit('SIGINT', 'SIGINT');
    await waiting;
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([1]);
  });
});
