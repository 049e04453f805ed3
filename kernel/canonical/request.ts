/**
 * The canonical chat request: what every front-end parses its wire protocol into and
 * every provider maps to its upstream. Pure types; change deliberately (see version.ts).
 */

/** Prompt-cache marker (Anthropic `cache_control`); providers without prompt caching drop it. */
export interface CacheControl {
  readonly type: 'ephemeral';
  readonly ttl?: '5m' | '1h';
}

export type MediaSource =
  | { readonly kind: 'base64'; readonly mediaType: string; readonly data: string }
  | { readonly kind: 'url'; readonly url: string; readonly mediaType?: string };

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
  readonly cacheControl?: CacheControl;
}

export interface ImagePart {
  readonly type: 'image';
  readonly source: MediaSource;
  /** OpenAI `image_url.detail`. */
  readonly detail?: 'auto' | 'low' | 'high';
  readonly cacheControl?: CacheControl;
}

export interface DocumentPart {
  readonly type: 'document';
  readonly source: MediaSource | { readonly kind: 'text'; readonly text: string };
  readonly title?: string;
  readonly cacheControl?: CacheControl;
}

export interface ToolCallPart {
  readonly type: 'tool-call';
  readonly id: string;
  readonly name: string;
  /** Parsed JSON arguments (an object for every provider we speak). */
  readonly input: unknown;
  /** Provider data that must round-trip with the call, e.g. `{ gemini: { thoughtSignature } }`. */
  readonly providerMetadata?: ProviderMetadata;
}

/** What a tool may return: text, images, documents (Claude Code's Read tool gives a PDF as a document). */
export type ToolResultContentPart = TextPart | ImagePart | DocumentPart;

export interface ToolResultPart {
  readonly type: 'tool-result';
  readonly toolCallId: string;
  /** Gemini needs the function name on results; front-ends fill it from the matching call. */
  readonly toolName?: string;
  readonly content: readonly ToolResultContentPart[];
  readonly isError?: boolean;
  readonly cacheControl?: CacheControl;
}

/**
 * Model reasoning. Anthropic `thinking` has `text` + `signature`; a redacted block has only
 * `redactedData`; DeepSeek/Kimi `reasoning_content` has text only; Gemini's thoughts carry their
 * `thoughtSignature` in `signature` (`gemini-ts.…`), or in providerMetadata when there are no
 * thoughts to carry it (plugins/providers/gemini/thought-signature.ts). Signed blocks must go
 * back upstream unchanged.
 */
export interface ReasoningPart {
  readonly type: 'reasoning';
  readonly text: string;
  readonly signature?: string;
  readonly redactedData?: string;
  readonly providerMetadata?: ProviderMetadata;
}

export type ProviderMetadata = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export type UserContentPart = TextPart | ImagePart | DocumentPart;
export type AssistantContentPart = TextPart | ReasoningPart | ToolCallPart;

export type CanonicalMessage =
  | { readonly role: 'user'; readonly content: readonly UserContentPart[] }
  | { readonly role: 'assistant'; readonly content: readonly AssistantContentPart[] }
  /** Results of the previous assistant turn's tool calls, in call order. */
  | { readonly role: 'tool'; readonly content: readonly ToolResultPart[] };

export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments, passed through as given (2020-12 allowed). */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** OpenAI `strict` function calling. */
  readonly strict?: boolean;
  readonly cacheControl?: CacheControl;
}

export type ToolChoice =
  | { readonly type: 'auto' }
  | { readonly type: 'none' }
  /** Must call some tool (Anthropic `any`, OpenAI `required`). */
  | { readonly type: 'required' }
  | { readonly type: 'tool'; readonly name: string };

export type ResponseFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json-object' }
  | { readonly type: 'json-schema'; readonly name: string; readonly schema: Readonly<Record<string, unknown>>; readonly strict?: boolean; readonly description?: string };

/**
 * A reasoning effort, least to most: the union of what the gateway's upstreams take. OpenAI's
 * `reasoning_effort` runs `minimal` to `xhigh` (GPT-5.4 and later), Claude's `output_config.effort`
 * `low` to `max`, DeepSeek's `low` to `max`. Each provider fits it to what the model takes.
 */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/**
 * An effort as an upstream takes it for one model (`ModelInfo.reasoningEfforts`): GPT-5.1 and
 * later take `none` (no reasoning), which requests carry as `enabled: false`.
 */
export type ModelReasoningEffort = 'none' | ReasoningEffort;

/** Every reasoning effort, least to most: what front-ends accept. */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const satisfies readonly ReasoningEffort[];

/** Every model reasoning effort, least to most. */
export const MODEL_REASONING_EFFORTS: readonly ModelReasoningEffort[] = ['none', ...REASONING_EFFORTS];

export interface ReasoningConfig {
  /** False only when the client turned reasoning off (Anthropic `thinking: {type: "disabled"}`); no config is the model's default. */
  readonly enabled: boolean;
  /** Anthropic `thinking.budget_tokens`, Gemini `thinkingBudget`. */
  readonly budgetTokens?: number;
  readonly effort?: ReasoningEffort;
}

/**
 * Something in the client's body the canonical request cannot carry and must not lose: an
 * Anthropic server tool, a Files API source, a block type the front-end does not know,
 * `logprobs`. Native passthrough sends the body as written, so the provider serves it; a
 * translated call is refused (400 naming `param`) instead of answering as if it were absent.
 */
export interface TranslationBlocker {
  /** Dotted path of the field at fault, as in the front-end's own 400s (`messages.0.content.1.source.type`). */
  readonly param: string;
  /** What cannot be translated and what to send instead, for a person. */
  readonly reason: string;
}

export interface CanonicalRequest {
  /** The model as the client named it (alias or `provider/model`); the router resolves it. */
  readonly model: string;
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
  readonly parallelToolCalls?: boolean;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly stop: readonly string[];
  readonly responseFormat?: ResponseFormat;
  readonly reasoning?: ReasoningConfig;
  readonly seed?: number;
  readonly metadata: { readonly userId?: string };
  readonly stream: boolean;
  /** What only native passthrough can serve, in the order found; absent when nothing. */
  readonly translationBlockers?: readonly TranslationBlocker[];
}
