import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage, type Usage } from '../../../kernel/canonical/usage';

/**
 * Test support: turns recorded OpenAI-style `chat.completion.chunk` payloads (OpenAI,
 * DeepSeek, Kimi recordings in `scripts/upstream-sim/fixtures`) into canonical parts, so the
 * writer can be checked against what the providers really sent. Deliberately small and
 * independent of the provider adapters.
 */

export type WireChunk = Record<string, any>;

const FINISH: Record<string, FinishReason> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls', content_filter: 'content-filter' };

/** OpenAI usage → canonical; DeepSeek reports cache hits as `prompt_cache_hit_tokens`. */
export function canonicalChatUsage(usage: WireChunk): Usage {
  return makeUsage({
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens,
  });
}

class ChunkReplay {
  readonly parts: StreamPart[] = [];
  private nextIndex = 0;
  private readonly open = new Map<string, number>();
  private finish: FinishReason = 'other';
  private usage: Usage = makeUsage({});

  push(chunk: WireChunk): void {
    if (!this.parts.length) this.parts.push({ type: 'message-start', id: chunk.id, model: chunk.model });
    if (chunk.usage) this.usage = canonicalChatUsage(chunk.usage);
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta ?? {};
      if (delta.reasoning_content) this.parts.push({ type: 'reasoning-delta', index: this.block('reasoning', 'reasoning-start'), text: delta.reasoning_content });
      if (delta.content) this.parts.push({ type: 'text-delta', index: this.block('text', 'text-start'), text: delta.content });
      for (const call of delta.tool_calls ?? []) this.pushToolCall(call);
      if (choice.finish_reason) this.finish = FINISH[choice.finish_reason] ?? 'other';
    }
  }

  end(): StreamPart[] {
    for (const [key, index] of this.open) {
      const type = key === 'text' ? 'text-end' : key === 'reasoning' ? 'reasoning-end' : 'tool-call-end';
      this.parts.push({ type, index });
    }
    this.parts.push({ type: 'finish', reason: this.finish, usage: this.usage });
    return this.parts;
  }

  private block(key: string, start: 'text-start' | 'reasoning-start'): number {
    const existing = this.open.get(key);
    if (existing !== undefined) return existing;
    const index = this.nextIndex++;
    this.open.set(key, index);
    this.parts.push({ type: start, index });
    return index;
  }

  private pushToolCall(call: WireChunk): void {
    const key = `tool-${call.index}`;
    if (call.id) {
      const index = this.nextIndex++;
      this.open.set(key, index);
      this.parts.push({ type: 'tool-call-start', index, id: call.id, name: call.function.name });
    }
    if (call.function?.arguments) this.parts.push({ type: 'tool-input-delta', index: this.open.get(key)!, json: call.function.arguments });
  }
}

export function toChatStreamParts(chunks: readonly WireChunk[]): StreamPart[] {
  const replay = new ChunkReplay();
  for (const chunk of chunks) replay.push(chunk);
  return replay.end();
}

/** A recorded non-streaming `chat.completion` → the canonical response a provider would produce. */
export function toCanonicalChatResponse(completion: WireChunk): CanonicalResponse {
  const { message, finish_reason: finishReason } = completion.choices[0];
  const content: AssistantContentPart[] = [
    ...(message.reasoning_content ? [{ type: 'reasoning' as const, text: message.reasoning_content }] : []),
    ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
    ...(message.tool_calls ?? []).map((call: WireChunk) => ({ type: 'tool-call' as const, id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) })),
  ];
  return { id: completion.id, model: completion.model, content, finishReason: FINISH[finishReason] ?? 'other', usage: canonicalChatUsage(completion.usage) };
}
