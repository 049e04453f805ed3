import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type AssemblyState, EMPTY_ASSEMBLY, applyStreamPart, startStep, updateToolCall } from '../bridge/assemble-message';
import type { BridgeEvents, DosiaBridge, SessionTotals, TurnMetrics } from '../bridge/bridge-contract';

export interface LiveTurn {
  readonly turnId: string;
  readonly assembly: AssemblyState;
  readonly metrics: TurnMetrics | null;
  readonly totals: SessionTotals | null;
  /** The model call the parts belong to (part indexes restart with each). */
  readonly step: number;
  /** Set by `chat.done`. */
  readonly end: BridgeEvents['chat.done'] | null;
  readonly startedAt: number;
  /** Measured here until core's metrics land. */
  readonly firstPartAt: number | null;
}

/**
 * Follows running turns for an element: folds `chat.part` events into each turn's blocks
 * (the same fold core uses), and records `chat.usage` and `chat.done`. Subscribes while the
 * host is connected, so a closed view stops listening.
 */
export class TurnStreamController implements ReactiveController {
  private readonly turns = new Map<string, LiveTurn>();
  private unsubscribers: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly bridge: () => DosiaBridge | undefined,
    private readonly onDone?: (turn: LiveTurn) => void,
  ) {
    host.addController(this);
  }

  /**
   * Starts following a turn. Its first events may already have arrived (they travel on the
   * event stream, the handle on the invoke reply, and either can win), so those are kept.
   * Returns the turn, already finished when `chat.done` came first.
   */
  track(turnId: string, startedAt = performance.now()): LiveTurn {
    const turn = this.turns.get(turnId) ?? this.create(turnId, startedAt);
    this.turns.set(turnId, { ...turn, startedAt });
    this.host.requestUpdate();
    return this.turns.get(turnId)!;
  }

  private create(turnId: string, startedAt = performance.now()): LiveTurn {
    return { turnId, assembly: EMPTY_ASSEMBLY, metrics: null, totals: null, step: 1, end: null, startedAt, firstPartAt: null };
  }

  get(turnId: string): LiveTurn | undefined {
    return this.turns.get(turnId);
  }

  forget(turnId: string): void {
    this.turns.delete(turnId);
  }

  hostConnected(): void {
    const bridge = this.bridge();
    if (!bridge) return;
    this.unsubscribers = [
      bridge.on('chat.part', ({ turnId, step, part }) =>
        this.update(turnId, (turn) => {
          const assembly = step === turn.step ? turn.assembly : startStep(turn.assembly);
          return { ...turn, step, assembly: applyStreamPart(assembly, part), firstPartAt: turn.firstPartAt ?? performance.now() };
        }),
      ),
      bridge.on('tool.request', ({ turnId, callId }) => this.update(turnId, (turn) => ({ ...turn, assembly: updateToolCall(turn.assembly, callId, { status: 'awaiting-approval' }) }))),
      bridge.on('tool.result', ({ turnId, callId, output, isError }) => this.update(turnId, (turn) => ({ ...turn, assembly: updateToolCall(turn.assembly, callId, { status: 'done', result: output, isError }) }))),
      bridge.on('chat.usage', ({ turnId, metrics, totals }) => this.update(turnId, (turn) => ({ ...turn, metrics, totals }))),
      bridge.on('chat.done', (end) => {
        // Not `onDone?.(update(…))`: optional chaining would skip the update when there is no callback.
        const turn = this.update(end.turnId, (current) => ({ ...current, end }));
        this.onDone?.(turn);
      }),
    ];
  }

  hostDisconnected(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }

  private update(turnId: string, change: (turn: LiveTurn) => LiveTurn): LiveTurn {
    const turn = this.turns.get(turnId) ?? this.create(turnId);
    const next = change(turn);
    this.turns.set(turnId, next);
    this.host.requestUpdate();
    return next;
  }
}
