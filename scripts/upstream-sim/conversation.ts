/**
 * A provider-neutral reading of a chat request: what the scripted planner needs to decide an
 * answer. Each protocol module extracts one from its own wire format.
 */
export interface ToolDefinition {
  readonly name: string;
  readonly schema: unknown;
}

export type StructuredOutput = { readonly kind: 'json-object' } | { readonly kind: 'json-schema'; readonly schema: unknown };

export interface Conversation {
  readonly model: string;
  /** Text of the most recent user turn that has text: where directives are read. */
  readonly promptText: string;
  /** Everything the model reads (system, turns, tools), for the input-token estimate. */
  readonly inputText: string;
  readonly tools: readonly ToolDefinition[];
  /** Tool results that end the conversation: the answers to the assistant's last tool calls. */
  readonly toolResults: readonly string[];
  /** A tool the request's tool_choice forces. */
  readonly forcedTool?: string;
  /** The request itself asks for reasoning (thinking enabled, a reasoner model, ...). */
  readonly wantsReasoning: boolean;
  readonly maxOutputTokens?: number;
  readonly structuredOutput?: StructuredOutput;
}
