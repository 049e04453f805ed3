import { readFileSync } from 'node:fs';
import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage, type Usage } from '../../../kernel/canonical/usage';

/**
 * Test support: reads the recorded Anthropic streams (the repo's copy of the shared recordings,
 * `scripts/upstream-sim/fixtures/anthropic`, so a clone is self-contained) and turns their
 * wire events into canonical parts, so the writers can be checked against what Anthropic
 * really sent. Deliberately small and independent of the provider adapter.
 */

export type WireEvent = { readonly type: string } & Record<string, any>;

export const FIXTURES = new URL('../../../scripts/upstream-sim/fixtures/', import.meta.url);

/** One JSON payload per line (see the fixtures README). */
export function readRecording(relativePath: string): WireEvent[] {
  return readFileSync(new URL(relativePath, FIXTURES), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as WireEvent);
}

/** The recording as the SSE text Anthropic sent (`event:` equals the payload's `type`). */
export function toSseText(events: readonly WireEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

const FINISH: Record<string, FinishReason> = { end_turn: 'stop', max_tokens: 'length', stop_sequence: 'stop-sequence', tool_use: 'tool-calls', refusal: 'content-filter', pause_turn: 'pause' };

/** Anthropic usage (input excludes cache) → canonical usage (input includes it). */
export function canonicalUsage(wire: Record<string, number | undefined>, fallbackInput = 0): Usage {
  const cached = wire.cache_read_input_tokens ?? 0;
  const written = wire.cache_creation_input_tokens ?? 0;
  return makeUsage({ inputTokens: (wire.input_tokens ?? fallbackInput) + cached + written, outputTokens: wire.output_tokens ?? 0, cachedInputTokens: cached, cacheWriteTokens: written });
}

function startPart(block: Record<string, any>, index: number): StreamPart {
  if (block.type === 'tool_use') return { type: 'tool-call-start', index, id: block.id, name: block.name };
  if (block.type === 'thinking') return { type: 'reasoning-start', index };
  if (block.type === 'redacted_thinking') return { type: 'reasoning-start', index, redactedData: block.data };
  return { type: 'text-start', index };
}

function deltaPart(delta: Record<string, any>, index: number): StreamPart {
  if (delta.type === 'input_json_delta') return { type: 'tool-input-delta', index, json: delta.partial_json };
  if (delta.type === 'thinking_delta') return { type: 'reasoning-delta', index, text: delta.thinking };
  if (delta.type === 'signature_delta') return { type: 'reasoning-signature', index, signature: delta.signature };
  return { type: 'text-delta', index, text: delta.text };
}

const END = { tool_use: 'tool-call-end', thinking: 'reasoning-end', redacted_thinking: 'reasoning-end', text: 'text-end' } as const;

export function toStreamParts(events: readonly WireEvent[]): StreamPart[] {
  const kinds = new Map<number, keyof typeof END>();
  let startInput = 0;
  return events.flatMap((event): StreamPart[] => {
    switch (event.type) {
      case 'message_start':
        startInput = event.message.usage.input_tokens;
        return [{ type: 'message-start', id: event.message.id, model: event.message.model, usage: canonicalUsage(event.message.usage) }];
      case 'content_block_start':
        kinds.set(event.index, event.content_block.type);
        return [startPart(event.content_block, event.index)];
      case 'content_block_delta': return [deltaPart(event.delta, event.index)];
      case 'content_block_stop': return [{ type: END[kinds.get(event.index)!], index: event.index }];
      case 'message_delta': return [{ type: 'finish', reason: FINISH[event.delta.stop_reason] ?? 'other', ...(event.delta.stop_sequence ? { stopSequence: event.delta.stop_sequence } : {}), usage: canonicalUsage(event.usage, startInput) }];
      default: return [];
    }
  });
}

function contentPart(block: Record<string, any>): AssistantContentPart {
  if (block.type === 'tool_use') return { type: 'tool-call', id: block.id, name: block.name, input: block.input };
  if (block.type === 'thinking') return { type: 'reasoning', text: block.thinking, signature: block.signature };
  if (block.type === 'redacted_thinking') return { type: 'reasoning', text: '', redactedData: block.data };
  return { type: 'text', text: block.text };
}

/** A recorded non-streaming Message → the canonical response a provider would produce. */
export function toCanonicalResponse(message: Record<string, any>): CanonicalResponse {
  return {
    id: message.id,
    model: message.model,
    content: (message.content as Record<string, any>[]).map(contentPart),
    finishReason: FINISH[message.stop_reason] ?? 'other',
    ...(message.stop_sequence ? { stopSequence: message.stop_sequence } : {}),
    usage: canonicalUsage(message.usage),
  };
}
