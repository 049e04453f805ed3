import type { FinishReason } from '../../../kernel/canonical/stream';

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

const FINISH_REASON: Record<FinishReason, ChatFinishReason> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  // OpenAI reports a matched stop sequence as a plain stop.
  'stop-sequence': 'stop',
  'content-filter': 'content_filter',
  // Anthropic's pause_turn (a long server-tool turn) has no OpenAI word; the client sees the turn end.
  pause: 'stop',
  error: 'stop',
  other: 'stop',
};

export function mapFinishReason(reason: FinishReason): ChatFinishReason {
  return FINISH_REASON[reason];
}
