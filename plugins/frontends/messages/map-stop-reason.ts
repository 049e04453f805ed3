import type { FinishReason } from '../../../kernel/canonical/stream';

export type MessagesStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn';

const STOP_REASON: Record<FinishReason, MessagesStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'stop-sequence': 'stop_sequence',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  pause: 'pause_turn',
  // Anthropic has no word for these; the turn did end, and errors travel as error events.
  error: 'end_turn',
  other: 'end_turn',
};

export function mapStopReason(reason: FinishReason): MessagesStopReason {
  return STOP_REASON[reason];
}
