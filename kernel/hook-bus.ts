import { kernelErrors } from './kernel-errors';

/**
 * Typed hook payloads. Plugins that define a hook augment this interface:
 *   declare module '.../kernel/hook-bus' { interface Hooks { 'request:settled': SettledEvent } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Hooks {}

export type HookName = Extract<keyof Hooks, string>;

/** A handler may return an undo function; it is called if a later handler of the same run fails. */
export type HookHandler<P> = (payload: P) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;

interface Registration {
  readonly plugin: string;
  readonly priority: number;
  readonly sequence: number;
  readonly handler: HookHandler<never>;
}

/**
 * Ordered async hooks.
 *
 * Order: ascending `priority` (default 100), then registration order.
 *
 * Error rule ("all or nothing"): handlers run one at a time. If one throws, no later
 * handler runs, the undo functions returned by the handlers that already ran are called
 * in reverse order, and `run` rejects with BSK_HOOK_FAILED naming the hook and plugin
 * (the original error is its `cause`). A failing undo is reported on the logger callback
 * but does not stop the remaining undos. So a failed hook never leaves half its work applied.
 */
export class HookBus {
  private readonly handlers = new Map<string, Registration[]>();
  private sequence = 0;

  constructor(private readonly onUndoFailure: (hook: string, plugin: string, error: unknown) => void = () => {}) {}

  on<H extends HookName>(plugin: string, hook: H, handler: HookHandler<Hooks[H]>, options: { priority?: number } = {}): () => void {
    const registration: Registration = { plugin, priority: options.priority ?? 100, sequence: this.sequence++, handler: handler as HookHandler<never> };
    const list = [...(this.handlers.get(hook) ?? []), registration].sort((a, b) => a.priority - b.priority || a.sequence - b.sequence);
    this.handlers.set(hook, list);
    return () => {
      this.handlers.set(hook, (this.handlers.get(hook) ?? []).filter((candidate) => candidate !== registration));
    };
  }

  count(hook: string): number {
    return this.handlers.get(hook)?.length ?? 0;
  }

  async run<H extends HookName>(hook: H, payload: Hooks[H]): Promise<void> {
    const undos: { plugin: string; undo: () => void | Promise<void> }[] = [];
    for (const registration of this.handlers.get(hook) ?? []) {
      try {
        const undo = await (registration.handler as HookHandler<Hooks[H]>)(payload);
        if (typeof undo === 'function') undos.push({ plugin: registration.plugin, undo });
      } catch (error) {
        await this.undoAll(hook, undos);
        throw kernelErrors.create('BSK_HOOK_FAILED', { hook, plugin: registration.plugin, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
      }
    }
  }

  private async undoAll(hook: string, undos: { plugin: string; undo: () => void | Promise<void> }[]): Promise<void> {
    for (const { plugin, undo } of undos.reverse()) {
      try {
        await undo();
      } catch (error) {
        this.onUndoFailure(hook, plugin, error);
      }
    }
  }
}
