import { DEFAULT_ANTHROPIC_VERSION } from '../../../plugins/providers/anthropic/anthropic-api';
import { AnthropicStreamParser } from '../../../plugins/providers/anthropic/anthropic-stream-parser';
import { convertToAnthropicRequest } from '../../../plugins/providers/anthropic/convert-to-anthropic-request';
import { readAnthropicError } from '../../../plugins/providers/anthropic/read-anthropic-error';
import { readUsageCredits } from './read-wire-stream';
import type { WireProtocol } from './wire-protocol';

/**
 * The Anthropic Messages wire, for ByteSpike and any Anthropic-compatible URL. Sending
 * `anthropic-version` also makes ByteSpike answer `/v1/models` in Anthropic's shape.
 */
export const anthropicWire: WireProtocol = {
  headers: (key) => ({ 'anthropic-version': DEFAULT_ANTHROPIC_VERSION, ...(key ? { 'x-api-key': key } : {}) }),
  chatPath: 'v1/messages',
  modelsPath: (afterId) => `v1/models?limit=1000${afterId ? `&after_id=${encodeURIComponent(afterId)}` : ''}`,
  buildBody: (request, model) => convertToAnthropicRequest(request, model).body,
  createReader(model, onCredits) {
    const parser = new AnthropicStreamParser({ modelId: model });
    return {
      push(event) {
        // ByteSpike settles the cost into the final message_delta: usage.bytespike_credits.
        const credits = readUsageCredits(event.data, (payload) => payload.usage);
        if (credits !== null) onCredits(credits);
        return parser.push(event);
      },
      end: () => parser.end(),
    };
  },
  readErrorBody: readAnthropicError,
};
