import { randomUUID } from 'node:crypto';
import type { Agent, AgentEvent, AgentTurnResult } from '../core/agent/agent';
import type { ApprovalAnswer, ApprovalRequest } from '../core/agent/approval';
import type { ConversationStore } from '../core/conversations/conversation-store';
import type { TurnMetrics } from '../core/providers/dosia-provider';
import type { BridgeEventSink, ChatSendParams, TurnHandle } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { foldConversation } from './conversation-transcript';

export interface AgentTurnsDeps {
  readonly agent: () => Agent;
  readonly conversations: () => ConversationStore;
  readonly emit: BridgeEventSink;
}

export interface AgentTurns {
  /** Starts a turn; resolves once the agent has opened the session (errors before that reject). */
  send(params: ChatSendParams): Promise<TurnHandle>;
  cancel(turnId: string): boolean;
  approve(turnId: string, callId: string, answer: ApprovalAnswer): boolean;
  /** The request a tool call waits on, while it waits. */
  pendingApproval(turnId: string, callId: string): ApprovalRequest | undefined;
  idle(): Promise<void>;
  close(): void;
}

interface RunningTurn {
  readonly controller: AbortController;
  readonly approvals: Map<string, { readonly request: ApprovalRequest; readonly settle: (answer: ApprovalAnswer) => void }>;
  /** The last tool call the agent announced: the agent asks for approval right after it. */
  lastCallId: string;
  done?: Promise<void>;
}

export const newTurnId = () => `turn_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

/** The usage strip's figures for a whole agent turn: its calls summed, credits settled only if every call settled. */
export function turnMetrics(result: AgentTurnResult, steps: readonly TurnMetrics[]): TurnMetrics | null {
  const last = steps.at(-1);
  if (!last) return null;
  const creditsSource = steps.some((step) => step.creditsSource === 'estimated') ? 'estimated' : steps.some((step) => step.creditsSource === 'settled') ? 'settled' : null;
  return { provider: result.provider, model: result.model, requestId: last.requestId, usage: result.usage, credits: result.credits, creditsSource, latency: result.latency, finishReason: last.finishReason };
}

/**
 * Chat turns through the `agent` capability: its events become bridge events keyed by a turn
 * id, a tool call that needs a person becomes `tool.request` and waits for `tool.approve`,
 * and the conversation itself is what the agent records (the JSONL store).
 */
export function createAgentTurns(deps: AgentTurnsDeps): AgentTurns {
  const running = new Map<string, RunningTurn>();

  function askPerson(turnId: string, turn: RunningTurn, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    return new Promise((resolve) => {
      const callId = turn.lastCallId;
      const settle = (answer: ApprovalAnswer) => {
        turn.approvals.delete(callId);
        resolve(answer);
      };
      turn.approvals.set(callId, { request, settle });
      signal.addEventListener('abort', () => settle({ decision: 'deny' }), { once: true });
      deps.emit('tool.request', { turnId, sessionId: request.sessionId, callId, name: request.tool, action: request.action, input: request.input });
    });
  }

  async function forward(turnId: string, sessionId: string, turn: RunningTurn, events: AsyncGenerator<AgentEvent, void>): Promise<void> {
    const steps: TurnMetrics[] = [];
    for await (const event of events) {
      if (event.type === 'part') deps.emit('chat.part', { turnId, sessionId, step: event.step, part: event.part });
      else if (event.type === 'tool-call') turn.lastCallId = event.id;
      else if (event.type === 'tool-result') deps.emit('tool.result', { turnId, sessionId, callId: event.id, output: event.output, isError: event.isError });
      else if (event.type === 'step-end') steps.push(event.metrics);
      else if (event.type === 'turn-end') {
        const metrics = turnMetrics(event.result, steps);
        if (metrics) deps.emit('chat.usage', { turnId, sessionId, metrics, totals: foldConversation(deps.conversations().load(sessionId).events).totals });
        deps.emit('chat.done', { turnId, sessionId, stop: event.result.stop, ...(event.result.error ? { error: event.result.error.message } : {}) });
      }
    }
  }

  /** Edit / regenerate: a copy of the session that ends just before the message (ids are event indexes). */
  function branchSession(params: ChatSendParams): string | undefined {
    if (!params.sessionId || !params.replaceFromMessageId) return params.sessionId;
    const index = Number(params.replaceFromMessageId.replace(/^e/, ''));
    if (!Number.isInteger(index) || index < 1) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method: 'chat.send', reason: `replaceFromMessageId "${params.replaceFromMessageId}" is not a message of this session` });
    return deps.conversations().fork(params.sessionId, { events: index }).sessionId;
  }

  return {
    async send(params) {
      const turnId = newTurnId();
      const turn: RunningTurn = { controller: new AbortController(), approvals: new Map(), lastCallId: '' };
      const sessionId = branchSession(params);
      const events = deps.agent().run({
        prompt: params.text, ...(params.attachments?.length ? { attachments: params.attachments } : {}), ...(params.model ? { model: params.model } : {}), ...(sessionId ? { sessionId } : {}), signal: turn.controller.signal,
        approve: (request, signal) => askPerson(turnId, turn, request, signal),
      });
      const first = await events.next();
      if (first.done || first.value.type !== 'session') throw bridgeErrors.create('BSK_BRIDGE_UNAVAILABLE', { service: 'the agent', method: 'chat.send' });
      const opened = first.value;
      running.set(turnId, turn);
      turn.done = forward(turnId, opened.sessionId, turn, events)
        .catch((error: Error) => deps.emit('chat.done', { turnId, sessionId: opened.sessionId, stop: 'error', error: error.message }))
        .finally(() => running.delete(turnId));
      return { sessionId: opened.sessionId, turnId, model: `${opened.provider}:${opened.model}` };
    },
    cancel(turnId) {
      const turn = running.get(turnId);
      turn?.controller.abort();
      return Boolean(turn);
    },
    approve(turnId, callId, answer) {
      const pending = running.get(turnId)?.approvals.get(callId);
      pending?.settle(answer);
      return Boolean(pending);
    },
    pendingApproval: (turnId, callId) => running.get(turnId)?.approvals.get(callId)?.request,
    async idle() {
      await Promise.all([...running.values()].map((turn) => turn.done));
    },
    close() {
      for (const turn of running.values()) turn.controller.abort();
    },
  };
}
