import { describe, expect, it } from 'vitest';
import { HookBus } from './hook-bus';

declare module './hook-bus' {
  interface Hooks {
    'kernel-test:charge': { steps: string[] };
  }
}

const HOOK = 'kernel-test:charge';

describe('hook bus order', () => {
  it('runs handlers by ascending priority, then in registration order', async () => {
    const bus = new HookBus();
    bus.on('late', HOOK, ({ steps }) => void steps.push('late(200)'), { priority: 200 });
    bus.on('first-default', HOOK, ({ steps }) => void steps.push('first-default(100)'));
    bus.on('early', HOOK, ({ steps }) => void steps.push('early(10)'), { priority: 10 });
    bus.on('second-default', HOOK, ({ steps }) => void steps.push('second-default(100)'));
    const payload = { steps: [] as string[] };
    await bus.run(HOOK, payload);
    expect(payload.steps).toEqual(['early(10)', 'first-default(100)', 'second-default(100)', 'late(200)']);
  });

  it('awaits each async handler before starting the next', async () => {
    const bus = new HookBus();
    bus.on('slow', HOOK, async ({ steps }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      steps.push('slow');
    });
    bus.on('fast', HOOK, ({ steps }) => void steps.push('fast'));
    const payload = { steps: [] as string[] };
    await bus.run(HOOK, payload);
    expect(payload.steps).toEqual(['slow', 'fast']);
  });

  it('forgets a handler once its removal is called', async () => {
    const bus = new HookBus();
    const remove = bus.on('gone', HOOK, ({ steps }) => void steps.push('gone'));
    remove();
    const payload = { steps: [] as string[] };
    await bus.run(HOOK, payload);
    expect(payload.steps).toEqual([]);
    expect(bus.count(HOOK)).toBe(0);
  });
});

describe('hook bus error rule: all or nothing', () => {
  it('stops at the failing handler, undoes the earlier ones in reverse, and rejects with BSK_HOOK_FAILED and the cause', async () => {
    const bus = new HookBus();
    const cause = new Error('ledger is locked');
    bus.on('reserve', HOOK, ({ steps }) => {
      steps.push('reserve');
      return () => void steps.push('undo reserve');
    });
    bus.on('no-undo', HOOK, ({ steps }) => void steps.push('count'));
    bus.on('quota', HOOK, async ({ steps }) => {
      steps.push('quota');
      return async () => void steps.push('undo quota');
    });
    bus.on('ledger', HOOK, () => {
      throw cause;
    });
    bus.on('never', HOOK, ({ steps }) => void steps.push('never runs'));
    const payload = { steps: [] as string[] };
    const error = await bus.run(HOOK, payload).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'BSK_HOOK_FAILED', message: 'hook kernel-test:charge failed in plugin ledger: ledger is locked', details: { hook: HOOK, plugin: 'ledger' } });
    expect((error as Error).cause).toBe(cause);
    expect(payload.steps).toEqual(['reserve', 'count', 'quota', 'undo quota', 'undo reserve']);
  });

  it('keeps undoing when one undo fails, and reports that undo', async () => {
    const undoFailures: { hook: string; plugin: string; error: unknown }[] = [];
    const bus = new HookBus((hook, plugin, error) => undoFailures.push({ hook, plugin, error }));
    bus.on('a', HOOK, ({ steps }) => () => void steps.push('undo a'));
    bus.on('b', HOOK, () => () => {
      throw new Error('undo b broke');
    });
    bus.on('c', HOOK, () => Promise.reject(new Error('c failed')));
    const payload = { steps: [] as string[] };
    await expect(bus.run(HOOK, payload)).rejects.toMatchObject({ code: 'BSK_HOOK_FAILED', details: { plugin: 'c' } });
    expect(payload.steps).toEqual(['undo a']);
    expect(undoFailures).toEqual([{ hook: HOOK, plugin: 'b', error: expect.objectContaining({ message: 'undo b broke' }) }]);
  });

  it('does not call undos when every handler succeeds, and a later run starts clean', async () => {
    const bus = new HookBus();
    let failNext = false;
    bus.on('a', HOOK, ({ steps }) => () => void steps.push('undo a'));
    bus.on('b', HOOK, () => {
      if (failNext) throw new Error('now it fails');
    });
    const first = { steps: [] as string[] };
    await bus.run(HOOK, first);
    expect(first.steps).toEqual([]);
    failNext = true;
    const second = { steps: [] as string[] };
    await expect(bus.run(HOOK, second)).rejects.toMatchObject({ code: 'BSK_HOOK_FAILED' });
    expect(second.steps).toEqual(['undo a']);
  });

  it('a non-Error throw still gives a readable reason', async () => {
    const bus = new HookBus();
    bus.on('stringly', HOOK, () => Promise.reject('quota exceeded'));
    await expect(bus.run(HOOK, { steps: [] })).rejects.toThrow('hook kernel-test:charge failed in plugin stringly: quota exceeded');
  });
});
