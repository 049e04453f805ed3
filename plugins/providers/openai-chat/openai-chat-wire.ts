import type { ModelReasoningEffort } from '../../../kernel/canonical/request';

/**
 * The slice of the OpenAI Chat Completions wire format that the gateway writes and reads.
 * DeepSeek, Kimi and other OpenAI-compatible servers add fields (`reasoning_content`,
 * `prompt_cache_hit_tokens`, top-level `cached_tokens`); they are optional here.
 */

export type OpenAIChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'file'; file: { filename?: string; file_data: string } };

export interface OpenAIChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIChatMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | OpenAIChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIChatToolCall[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAIChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Readonly<Record<string, unknown>>; strict?: boolean };
}

export type OpenAIChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type OpenAIChatResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: Readonly<Record<string, unknown>>; strict?: boolean; description?: string } };

export interface OpenAIChatRequestBody {
  model: string;
  messages: OpenAIChatMessage[];
  tools?: OpenAIChatTool[];
  tool_choice?: OpenAIChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAIChatResponseFormat;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  temperature?: number;
  top_p?: number;
  seed?: number;
  user?: string;
  reasoning_effort?: ModelReasoningEffort;
  /** DeepSeek's and Kimi K2.5 / K2.6's thinking switch (OpenAIChatWireShape.thinkingSwitch). */
  thinking?: { type: 'enabled' | 'disabled' };
  stream: boolean;
  stream_options?: { include_usage: boolean };
}

export interface OpenAIChatUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek: the part of `prompt_tokens` served from its disk cache. */
  prompt_cache_hit_tokens?: number | null;
  prompt_cache_miss_tokens?: number | null;
  /** Kimi (Moonshot): cached prompt tokens, at the top level of `usage`. */
  cached_tokens?: number | null;
}

/** `{ error: { message, type, code, param } }`; some compatible servers send `{ error: "text" }`. */
export interface OpenAIChatErrorBody {
  error?: string | { message?: string | null; type?: string | null; code?: string | number | null; param?: string | null } | null;
}

export interface OpenAIChatResponseMessage {
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  /** vLLM, Ollama and OpenRouter name the reasoning field `reasoning`. */
  reasoning?: string | null;
  tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[] | null;
}

export interface OpenAIChatResponseBody extends OpenAIChatErrorBody {
  id?: string;
  /** The model that answered, as the server names it (OpenAI: a dated snapshot of the one asked for). */
  model?: unknown;
  choices?: { message?: OpenAIChatResponseMessage; finish_reason?: string | null }[];
  usage?: OpenAIChatUsage | null;
}

export interface OpenAIChatChunkToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

export interface OpenAIChatChunk extends OpenAIChatErrorBody {
  id?: string;
  /** On every chunk; read from the one that carries the usage. */
  model?: unknown;
  choices?: {
    delta?: Omit<OpenAIChatResponseMessage, 'tool_calls'> & { tool_calls?: OpenAIChatChunkToolCall[] | null };
    finish_reason?: string | null;
    /** Kimi has been seen reporting usage inside the choice of the last chunk. */
    usage?: OpenAIChatUsage | null;
  }[];
  usage?: OpenAIChatUsage | null;
  /** Groq: its request id, and on the finishing chunk the usage, which a stream does not report as `usage` (https://github.com/vercel/ai/issues/1651). */
  x_groq?: { usage?: OpenAIChatUsage | null } | null;
}
