/** The parts of the Anthropic Messages wire format this provider reads and writes. */

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export type AnthropicMediaSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string };

export type AnthropicTextBlock = { type: 'text'; text: string; cache_control?: AnthropicCacheControl };
export type AnthropicImageBlock = { type: 'image'; source: AnthropicMediaSource; cache_control?: AnthropicCacheControl };

export interface AnthropicDocumentBlock { type: 'document'; source: AnthropicMediaSource; title?: string; cache_control?: AnthropicCacheControl }

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | {
      type: 'tool_result';
      tool_use_id: string;
      content: (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock)[];
      is_error?: boolean;
      cache_control?: AnthropicCacheControl;
    };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Readonly<Record<string, unknown>>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' } | { type: 'disabled' };
  /** The effort of adaptive thinking (Claude 4.6 and later). */
  output_config?: { effort: AnthropicEffort };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  /** Structured outputs (beta `structured-outputs-2025-11-13`): the answer's text is JSON matching `schema`. */
  output_format?: { type: 'json_schema'; schema: Readonly<Record<string, unknown>> };
  stream?: boolean;
}

/** Anthropic `usage`: `input_tokens` EXCLUDES cache reads and writes. Fields are optional on `message_delta`. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  /** The cache writes by lifetime; the one-hour ones cost more. */
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
}

export interface AnthropicResponseBody {
  id: string;
  model: string;
  content: ({ type: string } & Record<string, unknown>)[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** The efforts adaptive thinking takes (platform.claude.com/docs/en/build-with-claude/effort); `xhigh` and `max` go only to a model whose catalog entry lists them (`reasoningEfforts`). */
export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
