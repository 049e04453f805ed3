import type { FinishReason } from '../../../kernel/canonical/stream';

/** Chat Completions `finish_reason` to the canonical vocabulary. */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * The finish of an answer that called tools. Some servers say `stop` there: OpenAI for a forced
 * function, vLLM (https://github.com/vllm-project/vllm/pull/25054), Ollama's streams
 * (https://github.com/ollama/ollama/pull/7963); others a word of their own (mlx-lm's `tool_call`,
 * https://github.com/ml-explore/mlx-lm/pull/782). A client runs the calls on `tool_use` /
 * `tool_calls`, so that is what such a turn ended with; a cut-off one (`length`) stays cut off.
 */
export function finishAfterToolCalls(reason: FinishReason, calledTools: boolean): FinishReason {
  return calledTools && (reason === 'stop' || reason === 'other') ? 'tool-calls' : reason;
}
