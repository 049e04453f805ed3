/** The models each simulated provider lists. Any model id is accepted in requests, except by DeepSeek (DEEPSEEK_ACCEPTED_MODELS). */
export const MODEL_CATALOG = {
  anthropic: [
    { id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8' },
    { id: 'claude-opus-4-7', display_name: 'Claude Opus 4.7' },
    { id: 'claude-opus-4-6', display_name: 'Claude Opus 4.6' },
    { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' },
    { id: 'claude-opus-4-5-20251101', display_name: 'Claude Opus 4.5' },
    { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5' },
    { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5' },
  ],
  openai: ['gpt-5.5', 'gpt-5.4', 'gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'o4-mini', 'text-embedding-3-small', 'text-embedding-3-large', 'gpt-image-1', 'dall-e-3'],
  deepseek: ['deepseek-flash', 'deepseek-v4-pro'],
  kimi: ['kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'kimi-k2-thinking', 'kimi-k2.5', 'kimi-k2.6', 'moonshot-v1-8k'],
  gemini: [
    { name: 'gemini-2.5-pro', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-2.5-flash', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3-pro-preview', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.1-pro-preview', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.8-flash', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.7-flash', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.6-flash', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.5-flash', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-3.5-flash-lite', methods: ['generateContent', 'countTokens'], input: 1_048_576, output: 65_536 },
    { name: 'gemini-embedding-001', methods: ['embedContent', 'batchEmbedContents'], input: 2_048, output: 1 },
    { name: 'imagen-4.0-generate-001', methods: ['predict'], input: 480, output: 8_192 },
    { name: 'veo-3.0-generate-001', methods: ['predictLongRunning'], input: 1_024, output: 8_192 },
  ],
} as const;

/**
 * Claude models Anthropic has retired, which it answers 404 `not_found_error` ("model: <id>"):
 * Sonnet 4 and Opus 4 on 2026-06-15 (platform.claude.com/docs/en/release-notes/overview), Haiku 3.5
 * on 2026-02-19 (platform.claude.com/docs/en/about-claude/model-deprecations), Opus 4.1
 * (platform.claude.com/docs/en/about-claude/pricing lists it as retired). Models Anthropic retires
 * later are not here: the simulator has no calendar, and its tests call them.
 */
export const ANTHROPIC_RETIRED_MODELS: ReadonlySet<string> = new Set([
  'claude-sonnet-4-20250514', 'claude-sonnet-4-0', 'claude-opus-4-20250514', 'claude-opus-4-0',
  'claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest', 'claude-opus-4-1-20250805', 'claude-opus-4-1',
]);

/**
 * The names DeepSeek's API takes: its two models, and the retired Flash models' names, served by
 * Flash (https://api-docs.deepseek.com/quick_start/pricing). `deepseek-chat` and
 * `deepseek-reasoner` are inaccessible since 2026-07-24 15:59 UTC.
 */
export const DEEPSEEK_ACCEPTED_MODELS: readonly string[] = [...MODEL_CATALOG.deepseek, 'deepseek-v4-flash', 'deepseek-v4-flash-vision-exp'];

/** The OpenAI-style `GET /models` answer for an OpenAI-compatible provider. */
export function openAiModelList(ids: readonly string[], ownedBy: string): unknown {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_767_225_600, owned_by: ownedBy })) };
}
