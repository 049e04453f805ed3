/**
 * Version of the canonical request/stream contract between front-ends and providers.
 * Bump the major on any change that a front-end or provider must react to.
 *
 * 1.1.0: `Usage.cacheWrite1hTokens` (build usage with `makeUsage`, which fills it), the
 * `openai-responses` wire protocol (no provider speaks it: always translated), and the
 * pricing fields `cacheWrite1hPerMTok` and `longContext`.
 * 1.2.0: `ChatProvider.alsoSpeaks` (`NativeProtocol`): an upstream with more than one native
 * protocol (OpenAI's Responses API) takes passthrough in each; `ModelInfo.protocols`: the only
 * ones a model is served in, when not all its provider speaks.
 * 1.3.0: `CanonicalRequest.translationBlockers`: what a front-end found that only native
 * passthrough serves; the router refuses a translated call that has any.
 * 1.4.0: `ModelInfo.reasoningEfforts` (the efforts a model takes, lowest first) and the
 * `ReasoningEffort` type; `ReasoningConfig.enabled: false` asks a model that always reasons for
 * its lowest effort.
 * 1.5.0: `ToolResultPart.content` may hold documents (`ToolResultContentPart`).
 * 1.6.0: `ModelInfo.dimensions`: an embeddings model's vector length, the most a request may ask.
 * 1.7.0: `ModelInfo.fixedDimensions`: an embeddings model that takes no `dimensions` at all.
 * 1.8.0: `ModelInfo.reasoningEfforts` may name `none` and `xhigh` (`ModelReasoningEffort`), the
 * efforts GPT-5.1 and later take; request efforts stay `minimal` to `high`.
 * 2.0.0: `ReasoningEffort` runs to `xhigh` and `max` (what GPT-5.4, Claude and DeepSeek take), so
 * every provider must map the two; each fits a request's effort to the model
 * (plugins/providers/shared/fit-reasoning-effort.ts, thinking-budgets.ts).
 * 2.1.0: `ModelInfo.retiresAt` / `deprecatedAt` / `replacement` (model-lifecycle.ts) and
 * `ModelPricing.priceChanges` (price-changes.ts), both optional.
 * 2.2.0: `upstreamModel` (the model the upstream says answered, as it wrote it) on the
 * `message-start`, `usage` and `finish` stream parts, `CanonicalResponse` and `TapResult`, all
 * optional: the bill is at that model's prices when it is another of the provider's catalog.
 * 2.3.0: `NativeProtocol.countPassthrough` / `ChatProvider.countPassthrough` (optional): a count
 * body in the provider's own protocol counted at its count endpoint as the client wrote it.
 */
export const CANONICAL_VERSION = '2.3.0';
