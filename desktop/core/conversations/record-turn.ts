import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import type { TurnMetrics, TurnPart } from '../providers/dosia-provider';
import type { ConversationWriter } from './conversation-store';

export interface RecordedToolCall {
  readonly id: string;
  readonly name: string;
  /** Parsed arguments, or undefined when the model sent JSON that does not parse. */
  readonly input: unknown;
  readonly inputError?: string;
}

export interface RecordedTurn {
  readonly text: string;
  readonly toolCalls: readonly RecordedToolCall[];
  readonly metrics: TurnMetrics;
  /** The `error` part the stream ended with, if any. */
  readonly error?: UpstreamErrorInfo;
}

function parseInput(json: string): { input: unknown; inputError?: string } {
  try {
    return { input: json.trim() ? JSON.parse(json) : {} };
  } catch {
    return { input: undefined, inputError: `the arguments are not valid JSON: ${json.slice(0, 200)}` };
  }
}

/**
 * Records one model call into a conversation as it streams (each text delta is its own
 * line, so a crash mid-answer keeps everything up to the last delta), passing every part
 * on. Returns what the call produced once its `turn-end` arrives.
 */
export async function* recordTurn(parts: AsyncIterable<TurnPart>, writer: ConversationWriter, start: { model: string; provider: string; step: number }): AsyncGenerator<StreamPart, RecordedTurn> {
  const { model } = start;
  writer.append({ type: 'assistant-start', ...start });
  let text = '';
  const toolInputs = new Map<number, { id: string; name: string; json: string }>();
  const toolCalls: RecordedToolCall[] = [];
  let error: UpstreamErrorInfo | undefined;
  for await (const part of parts) {
    if (part.type === 'turn-end') {
      writer.append({ type: 'assistant-end', model, finishReason: part.metrics.finishReason });
      writer.append({ type: 'usage', metrics: part.metrics });
      return { text, toolCalls, metrics: part.metrics, ...(error ? { error } : {}) };
    }
    if (part.type === 'text-delta') {
      text += part.text;
      writer.append({ type: 'text', model, text: part.text });
    } else if (part.type === 'reasoning-delta') writer.append({ type: 'reasoning', model, text: part.text });
    else if (part.type === 'tool-call-start') toolInputs.set(part.index, { id: part.id, name: part.name, json: '' });
    else if (part.type === 'tool-input-delta') toolInputs.get(part.index)!.json += part.json;
    else if (part.type === 'tool-call-end') {
      const call = toolInputs.get(part.index)!;
      const parsed = parseInput(call.json);
      toolCalls.push({ id: call.id, name: call.name, ...parsed });
      writer.append({ type: 'tool-call', model, id: call.id, name: call.name, input: parsed.input ?? call.json });
    } else if (part.type === 'error') {
      error = part.error;
      writer.append({ type: 'error', model, code: `upstream-${part.error.kind}`, message: part.error.message });
    }
    yield part;
  }
  throw new Error('the provider stream ended without turn-end');
}
