import type { ToolResultPart } from '../../../kernel/canonical/request';

/**
 * What a tool result says, with its failure made visible to a model whose wire has no error flag
 * (Chat Completions tool messages, Responses `function_call_output`): a result the client marked
 * as an error (Anthropic `is_error`) opens with `Error: `, the form models are used to reading
 * from failed tools; an error with no text at all reads `Error`. A result that did not fail is
 * returned as it came.
 */
export function markToolError(result: ToolResultPart): ToolResultPart['content'] {
  if (!result.isError) return result.content;
  const [first, ...rest] = result.content;
  if (first?.type === 'text') return [{ ...first, text: `Error: ${first.text}` }, ...rest];
  return [{ type: 'text', text: 'Error' }, ...result.content];
}
