import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { Logger } from '../../../kernel/logger';
import type { ChatTranslation } from '../openai-responses/responses-translation';
import type { ErrorBodyReader, FetchFunction } from '../shared/upstream-fetch';

/** Request fields some upstreams (or some of their models) reject; the converter leaves them out. */
export type OptionalWireField = 'temperature' | 'top_p' | 'stop' | 'seed' | 'user' | 'reasoning_effort' | 'parallel_tool_calls' | 'stream_options';

/** How one model of an upstream wants its request written. */
export interface OpenAIChatWireShape {
  /** GPT-5 and the o-series refuse `max_tokens` and need `max_completion_tokens`. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** OpenAI's reasoning models take the system prompt as a `developer` message. */
  readonly systemRole: 'system' | 'developer';
  readonly unsupportedFields: readonly OptionalWireField[];
  /** OpenAI takes at most four stop sequences and refuses more; others take longer lists. */
  readonly maxStopSequences?: number;
  /**
   * The upstream refuses a `developer` message (DeepSeek and Kimi answer 400; a generic server's
   * chat template may not know the role), so a passthrough one goes as `system`: the same thing
   * to any model, OpenAI's reasoning models included (they read `system` as `developer`), which
   * an openai-compatible instance may front. OpenAI's own API takes it as sent.
   */
  readonly refusesDeveloperRole?: boolean;
  /**
   * Roles whose `content` the upstream takes as a string only, refusing a list of content parts
   * (DeepSeek: system, assistant and tool, "invalid type: sequence, expected a string"), so a
   * passthrough list of text parts there goes joined. The translated path always sends a string.
   */
  readonly stringContentRoles?: readonly ('system' | 'assistant' | 'tool')[];
  /**
   * The upstream turns thinking on and off with `thinking: {type: "enabled" | "disabled"}` (on
   * when absent) rather than by the model chosen: DeepSeek, which also sets its depth with
   * `reasoning_effort` low, high or max, and Kimi K2.5 and K2.6, which take no effort (their
   * shape leaves `reasoning_effort` out). A client that says whether to think is told so in that
   * field. See thinking-switch.ts.
   */
  readonly thinkingSwitch?: boolean;
  /**
   * Thinking, the upstream answers 400 to a request any of whose assistant tool-call messages
   * comes without its `reasoning_content` (DeepSeek: "must be passed back to the API in all
   * subsequent requests", https://api-docs.deepseek.com/guides/thinking_mode; Moonshot's K2.5 and
   * K2.6: "thinking is enabled but reasoning_content is missing in assistant tool call message at
   * index N"). A conversation begun on another model has none to send, so such a request goes with
   * the switch off (tool-loop-reasoning.ts).
   */
  readonly toolCallsNeedReasoning?: boolean;
  /**
   * The model samples at its own temperature and top_p and answers 400 to any other ("invalid
   * temperature: only 1 is allowed for this model": Kimi K2.5 and K2.6, whose docs say they
   * "cannot be modified"), so a client's are left out, on passthrough too.
   */
  readonly fixedSampling?: boolean;
}

/** What a `fixedSampling` model sets itself. */
export const FIXED_SAMPLING_FIELDS = ['temperature', 'top_p'] as const;

/**
 * What distinguishes one OpenAI-compatible upstream from another. Everything else (the
 * wire mapping, streaming, errors, passthrough) is shared by createOpenAIChatProvider.
 */
export interface OpenAIChatPreset {
  readonly defaultBaseUrl?: string;
  /** Local servers (Ollama, vLLM) run without a key; hosted APIs are enabled only with one. */
  readonly requiresApiKey: boolean;
  /**
   * DeepSeek and Kimi want the assistant's `reasoning_content` sent back on turns that
   * called tools, so the model can continue its chain of thought after the results.
   */
  readonly sendReasoningBack: boolean;
  /** The wire shape for one upstream model id. */
  wireShape(upstreamId: string): OpenAIChatWireShape;
  /** Protocols the upstream speaks besides Chat Completions (OpenAI's Responses API), on the provider's connection. */
  alsoSpeaks?(connection: UpstreamConnection): ChatProvider['alsoSpeaks'];
  /** Another upstream protocol some translated calls go through instead (OpenAI's reasoning models: the Responses API). */
  translateVia?(connection: UpstreamConnection, logger: Logger): ChatTranslation;
}

/** Where and how a provider instance reaches its upstream: what another protocol's passthrough needs too. */
export interface UpstreamConnection {
  /** Instance name, for error messages. */
  readonly name: string;
  /** The part before `/chat/completions` (and `/responses`). */
  readonly baseUrl: string;
  /** Authorization and configured extra headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchFunction;
  /** Reads the upstream's error bodies (its key redacted from their messages). */
  readonly readError: ErrorBodyReader;
}

/** The shape every compatible server accepts; presets start from it. */
export const PLAIN_WIRE_SHAPE: OpenAIChatWireShape = Object.freeze({ maxTokensField: 'max_tokens', systemRole: 'system', unsupportedFields: [], refusesDeveloperRole: true });

/**
 * DeepSeek's and Moonshot's hosted APIs: a key is required; in thinking mode both continue a
 * tool-calling turn's chain of thought only when the assistant's `reasoning_content` comes back.
 * Neither knows the `developer` role. On Moonshot's, reasoning comes with the model choice
 * (kimi-k2-thinking), so there is no `reasoning_effort`; `shapeFields` are what differs on the
 * other (DeepSeek's thinking switch).
 */
export function reasoningContentPreset(defaultBaseUrl: string, shapeFields: Partial<OpenAIChatWireShape> = {}): OpenAIChatPreset {
  const shape = Object.freeze<OpenAIChatWireShape>({ ...PLAIN_WIRE_SHAPE, unsupportedFields: ['reasoning_effort'], ...shapeFields });
  return { defaultBaseUrl, requiresApiKey: true, sendReasoningBack: true, wireShape: () => shape };
}
