import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { mapAnthropicUsage } from './map-anthropic-usage';
import type { AnthropicResponseBody } from './anthropic-wire-types';

export interface AnthropicResponseOptions {
  /** Gateway id of the model, reported as `model`. */
  readonly modelId: string;
  /** The tool a JSON response format was mapped to: its input becomes the answer text. */
  readonly jsonResponseTool?: string;
}

type WireBlock = AnthropicResponseBody['content'][number];

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function convertBlock(block: WireBlock, options: AnthropicResponseOptions): AssistantContentPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: stringOf(block.text) };
    case 'thinking':
      return { type: 'reasoning', text: stringOf(block.thinking), signature: stringOf(block.signature) };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: stringOf(block.data) };
    case 'tool_use':
      if (block.name === options.jsonResponseTool) return { type: 'text', text: JSON.stringify(block.input ?? {}) };
      return { type: 'tool-call', id: stringOf(block.id), name: stringOf(block.name), input: block.input ?? {} };
    default:
      // Server tool blocks (web search results…) have no canonical form; passthrough keeps them.
      return undefined;
  }
}

/** A Messages API JSON body to the canonical response. */
export function parseAnthropicResponse(body: AnthropicResponseBody, options: AnthropicResponseOptions): CanonicalResponse {
  const content = (body.content ?? []).flatMap((block) => convertBlock(block, options) ?? []);
  const usedJsonTool = options.jsonResponseTool !== undefined && body.content?.some((block) => block.type === 'tool_use' && block.name === options.jsonResponseTool);
  return {
    id: body.id,
    model: options.modelId,
    content,
    finishReason: usedJsonTool && body.stop_reason === 'tool_use' ? 'stop' : mapAnthropicStopReason(body.stop_reason),
    ...(body.stop_sequence ? { stopSequence: body.stop_sequence } : {}),
    usage: mapAnthropicUsage(body.usage),
    upstreamModel: readUpstreamModel(body.model),
  };
}
