import type { TextPart } from '../../../kernel/canonical/request';
import type { StreamPart } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import type { AttachmentRef } from '../conversations/conversation-event';
import type { TurnLatency, TurnMetrics } from '../providers/dosia-provider';
import type { ApproveCallback } from './approval';
import type { AgentAttachment } from './attachment-parts';
import type { ToolSource } from './tool-source';

/** The skill a run carries out: recorded with the user's message and in the result. */
export interface AgentSkillRef {
  readonly name: string;
  /** `dosia.version`; null for a plain Agent Skill. */
  readonly version: string | null;
}

export type { AgentAttachment };

export interface AgentRunOptions {
  readonly prompt: string;
  /**
   * Files sent with the prompt: images the model sees, PDFs as documents, text files in tagged
   * blocks. Stored in the session folder and referred to from the conversation. Refused before
   * the conversation is touched when a type is unsupported or a file is over its limit
   * (`BSK_AGENT_BAD_ATTACHMENT`, see attachment-limits.ts).
   */
  readonly attachments?: readonly AgentAttachment[];
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
  /**
   * Instructions for this run only (a skill's), sent after DOSIA's own prompt and the layers'
   * DOSIA.md instructions: the house rules come first, the task last, and the stable prefix
   * stays cacheable.
   */
  readonly system?: readonly TextPart[];
  /** HTTP headers on every model request of the run (a skill's `x-bytespike-flags`). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Tools approved without asking, for this run only: a bare name (`read_file`) covers every
   * call of it, a rule (`bash(git diff*)`) what it matches. Deny and explicit ask rules still win.
   */
  readonly preApprovedTools?: readonly string[];
  /** Tool sources for this run only (a skill's `read_skill_resource`); they never shadow a registered tool. */
  readonly toolSources?: readonly ToolSource[];
  /**
   * The only models the run may use (a skill's `models.allowed`), as ids or `provider:id`; a
   * resolved model outside the list is refused before the conversation is touched.
   */
  readonly allowedModels?: readonly string[];
  readonly skill?: AgentSkillRef;
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
  readonly skill?: AgentSkillRef;
  /** The gateway's `bytespike-*` answer headers over the run's model calls (a later call's value wins). */
  readonly gatewayHeaders?: Readonly<Record<string, string>>;
}

/** What a run streams, in order; `turn-end` is always last. */
export type AgentEvent =
  | { readonly type: 'session'; readonly sessionId: string; readonly provider: string; readonly model: string; readonly resumed: boolean }
  | { readonly type: 'step-start'; readonly step: number }
  | { readonly type: 'part'; readonly step: number; readonly part: StreamPart }
  | { readonly type: 'tool-call'; readonly step: number; readonly id: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'tool-result'; readonly step: number; readonly id: string; readonly name: string; readonly output: string; readonly images?: readonly AttachmentRef[]; readonly isError: boolean; readonly durationMs: number; readonly approval: string }
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
  /** The tools a run offers the model now, each with its source: the built-in file tools first, then every registered source's. */
  tools(): Promise<readonly AgentToolEntry[]>;
}

export interface AgentToolEntry {
  /** `builtin`, `mcp`, `skill:review`. */
  readonly source: string;
  readonly name: string;
  readonly description: string | null;
}

/**
 * Runs a conversation turn with a skill: its instructions, flags, tools and models on top of
 * the options given. The skills plugin contributes one (`agent-skill-runner`); `dosia chat
 * --skill` uses it. Throws (before the conversation is touched) for an unknown, invalid or
 * denied skill, bad inputs, or a model the skill does not allow.
 */
export interface AgentSkillRunner {
  run(skill: string, options: AgentRunOptions & { readonly inputs?: Readonly<Record<string, unknown>> }): AsyncGenerator<AgentEvent, void>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    agent: Agent;
  }
  interface Contributions {
    'agent-skill-runner': AgentSkillRunner;
  }
}
