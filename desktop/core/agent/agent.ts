import type { StreamPart } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import type { TurnLatency, TurnMetrics } from '../providers/dosia-provider';
import type { ApproveCallback } from './approval';

export interface AgentRunOptions {
  readonly prompt: string;
  /** A model id (`provider:model` to pick the provider); default: the session's last model, the `model` setting, the first model. */
  readonly model?: string;
  /** Continue this conversation; without it a new session starts (and every model list is re-fetched). */
  readonly sessionId?: string;
  /** Asked when no permission rule decides a tool call; without it such calls are refused. */
  readonly approve?: ApproveCallback;
  /** Cancels the run at any point: the model stream, a running tool, a pending approval. */
  readonly signal?: AbortSignal;
  /** Model calls per run (setting `agent.maxSteps`, default 20). */
  readonly maxSteps?: number;
  /** Per tool call (setting `agent.toolTimeoutMs`, default 60000). */
  readonly toolTimeoutMs?: number;
  /** False: the model gets no tools. */
  readonly tools?: boolean;
  readonly maxTokens?: number;
}

/** How a run ended. */
export type AgentStop = 'finished' | 'step-limit' | 'cancelled' | 'error';

export interface AgentTurnResult {
  readonly sessionId: string;
  readonly provider: string;
  readonly model: string;
  /** All the text the model wrote in this run, steps joined. */
  readonly text: string;
  readonly steps: number;
  /** Summed over the run's model calls. */
  readonly usage: Usage;
  /** Summed credits; null when no call reported any. */
  readonly credits: number | null;
  /** First token of the first call; total of the whole run, tools included. */
  readonly latency: TurnLatency;
  readonly requestIds: readonly string[];
  readonly stop: AgentStop;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What a run streams, in order; `turn-end` is always last. */
export type AgentEvent =
  | { readonly type: 'session'; readonly sessionId: string; readonly provider: string; readonly model: string; readonly resumed: boolean }
  | { readonly type: 'step-start'; readonly step: number }
  | { readonly type: 'part'; readonly step: number; readonly part: StreamPart }
  | { readonly type: 'tool-call'; readonly step: number; readonly id: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'tool-result'; readonly step: number; readonly id: string; readonly name: string; readonly output: string; readonly isError: boolean; readonly durationMs: number; readonly approval: string }
  | { readonly type: 'step-end'; readonly step: number; readonly metrics: TurnMetrics }
  | { readonly type: 'turn-end'; readonly result: AgentTurnResult };

/**
 * The `agent` capability: one conversation turn with the main model and its tools, run until
 * the model stops, the step limit, a failure or a cancel. Everything is recorded to the
 * conversation as it happens. Throws only before the conversation is touched (no provider,
 * unknown or denied model, unknown session); later failures end the run with `stop: 'error'`.
 */
export interface Agent {
  run(options: AgentRunOptions): AsyncGenerator<AgentEvent, void>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    agent: Agent;
  }
}
