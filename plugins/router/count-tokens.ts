import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { CallContext, ChatProvider, WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { isUpstreamError } from '../../kernel/canonical/upstream-error';
import { elapsedMs } from '../../kernel/elapsed-ms';
import { isBskError } from '../../kernel/errors';
import { nativeProtocol, refuseUncarriedRequest, toUpstreamBody } from './call-provider';
import { refuseUnreadableContent } from './content-capabilities';
import { recordFailedRun } from './failed-runs';
import { gatewayErrors } from './gateway-errors';
import { type ModelCatalog, type ResolvedModel, resolveChatModel } from './model-catalog';
import type { CallerKey, KeyGate, RequestFlagSources } from './ports';
import { type AttemptFeatures, type RequestFlagDeps, resolveAttemptFeatures, runAttempt } from './request-flags';

export interface TokenCount {
  readonly inputTokens: number;
  /**
   * The prompt before the edits of `CountTokensInput.editedPrompt`, counted as `inputTokens` was
   * (Anthropic's `context_management.original_input_tokens`); undefined when no edited prompt was counted.
   */
  readonly originalInputTokens?: number;
  /**
   * The provider's own answer when it counted the client's body natively (the front-end's
   * protocol is its own, as chat would pass through): the front-end relays it as it came.
   */
  readonly upstreamAnswer?: Readonly<Record<string, unknown>>;
  /** `upstream` when the provider counted, `estimate` when it has no count endpoint. */
  readonly source: 'upstream' | 'estimate';
  readonly model: ModelInfo;
  /** The gateway's own milliseconds: until the provider's count call, or the whole count when it is our estimate. */
  readonly overheadMs: number;
}

/** The prompt as the wire edits it for a translated call (Messages' context editing). */
export interface EditedPrompt {
  readonly request: CanonicalRequest;
  /** Whether an edit changed anything: only then is the prompt as written counted too. */
  readonly cleared: boolean;
}

export interface CountTokensInput {
  /** The front-end's wire protocol, as for the create call the count stands for. */
  readonly protocol: WireProtocol;
  /** The request's own: its failure record is kept by it (failed-runs.ts). */
  readonly signal: AbortSignal;
  readonly requestId: string;
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
  readonly flags: RequestFlagSources;
  /** The client's body as it came: counted as it is where the provider speaks its protocol. */
  readonly rawBody: Readonly<Record<string, unknown>>;
  /**
   * What a translated create call would send instead of the request: counted in its place, for a
   * model that does not read the client's protocol natively (one that does, Claude, edits the
   * prompt itself and is counted on the request as written).
   */
  readonly editedPrompt?: EditedPrompt;
}

export interface CountTokensDeps<Key extends CallerKey> extends RequestFlagDeps<Key> {
  readonly catalog: ModelCatalog;
  readonly keys: KeyGate<Key>;
}

/** The prompt counted and, when an edited one is, the one as written (the same object when the edits cleared nothing). */
interface CountedPrompts {
  readonly counted: CanonicalRequest;
  readonly original?: CanonicalRequest;
}

/** What an upstream count answers. */
type UpstreamCount = Pick<TokenCount, 'inputTokens' | 'originalInputTokens' | 'upstreamAnswer'>;
/** One upstream count of the request, in the call context of an attempt. */
type UpstreamCounter = (call: CallContext) => Promise<UpstreamCount>;

/**
 * Counts a request's input tokens: the provider's own count where it has an endpoint (of the
 * client's body itself where the provider speaks its protocol, as chat passes through),
 * otherwise our estimate (labelled as such). A request the create call would refuse (content
 * the model cannot read, what only passthrough serves on a translated call, a bad flag) is
 * refused the same, and so is one the provider's own conversion refuses (a typed 4xx, such as
 * a tool result Gemini cannot name): that is the request's fault, not a missing count. An
 * upstream that has an endpoint but fails is an error, never a made-up number; `timeout_ms`
 * and `retry` apply to that call. A failure once the model is resolved is recorded for the
 * error answer, which warns of the model's retirement as the count would, with the overhead
 * before the upstream call when it failed at or after it (failed-runs.ts).
 */
export async function countRequestTokens<Key extends CallerKey>(deps: CountTokensDeps<Key>, key: Key, request: CanonicalRequest, input: CountTokensInput): Promise<TokenCount> {
  // A count for a retired model is refused as its create call would be; nothing is priced here, so the clock is read for that alone.
  const resolved = resolveChatModel(deps.catalog, request.model, Date.now());
  const { model } = resolved;
  // Set as the upstream call starts: a failure from there on leaves the wait for it out, as chat's does.
  let overheadOfFailedCall: number | undefined;
  try {
    const features = await admitCount(deps, key, request, input, resolved);
    const counter = upstreamCounter(request, input, resolved);
    if (!counter) return { ...estimateCounts(promptsToCount(request, input, resolved)), source: 'estimate', model, overheadMs: elapsedMs(input.receivedAt) };
    const overheadMs = elapsedMs(input.receivedAt);
    overheadOfFailedCall = overheadMs;
    return { ...(await countUpstream(counter, model, input, features)), source: 'upstream', model, overheadMs };
  } catch (error) {
    recordFailedRun(input.signal, { requestedModel: model, overheadMs: overheadOfFailedCall });
    throw error;
  }
}

/**
 * How the provider counts the request: the client's body natively where the create call would
 * pass through (Claude on Messages: server tools, `context_management`… counted, and answered,
 * by Anthropic), the canonical prompts otherwise; nothing when it has no count endpoint.
 */
function upstreamCounter(request: CanonicalRequest, input: CountTokensInput, resolved: ResolvedModel): UpstreamCounter | undefined {
  const { provider, model } = resolved;
  const native = nativeProtocol(provider, input.protocol, model);
  if (native?.countPassthrough) {
    const body = toUpstreamBody(input.rawBody, model);
    return async (call) => {
      const { inputTokens, answer } = await native.countPassthrough!(body, model, call);
      return { inputTokens, upstreamAnswer: answer };
    };
  }
  if (!provider.countTokens) return undefined;
  const prompts = promptsToCount(request, input, resolved);
  return (call) => countPrompts(provider, model, prompts, call);
}

/** What the create call would check first: the key, the flags, and what the model can read and be sent. */
async function admitCount<Key extends CallerKey>(deps: CountTokensDeps<Key>, key: Key, request: CanonicalRequest, input: CountTokensInput, resolved: ResolvedModel): Promise<AttemptFeatures> {
  const { model, provider } = resolved;
  await deps.keys.admit(key, { scope: 'chat', model: model.id });
  const features = await resolveAttemptFeatures(deps, key, input.flags, 'count_tokens');
  refuseUnreadableContent(request, [resolved]);
  refuseUncarriedRequest({ request, protocol: input.protocol, provider, model, passthrough: true });
  return features;
}

/** The prompt the create call would send: the edited one for a translated call, the request as written natively. */
function promptsToCount(request: CanonicalRequest, input: CountTokensInput, { provider, model }: ResolvedModel): CountedPrompts {
  const edited = input.editedPrompt;
  if (!edited || nativeProtocol(provider, input.protocol, model)) return { counted: request };
  return { counted: edited.request, original: edited.cleared ? request : edited.request };
}

function estimateCounts({ counted, original }: CountedPrompts): Pick<TokenCount, 'inputTokens' | 'originalInputTokens'> {
  const inputTokens = estimateRequestTokens(counted);
  if (original === undefined) return { inputTokens };
  return { inputTokens, originalInputTokens: original === counted ? inputTokens : estimateRequestTokens(original) };
}

/**
 * The provider's count of each prompt. The prompt as written costs a second count call only
 * when an edit changed it; the two go out together.
 */
async function countPrompts(provider: ChatProvider, model: ModelInfo, { counted, original }: CountedPrompts, call: CallContext): Promise<UpstreamCount> {
  const prompts = original === undefined || original === counted ? [counted] : [counted, original];
  const [inputTokens, originalInputTokens] = await Promise.all(prompts.map((prompt) => provider.countTokens!(prompt, model, call)));
  return { inputTokens: inputTokens!, originalInputTokens: original === undefined ? undefined : (originalInputTokens ?? inputTokens) };
}

/** The upstream count, in one attempt. */
async function countUpstream(counter: UpstreamCounter, model: ModelInfo, input: CountTokensInput, { flags, middlewares }: AttemptFeatures): Promise<UpstreamCount> {
  const context = { requestId: input.requestId, forwardHeaders: input.forwardHeaders };
  try {
    const { value } = await runAttempt(middlewares, { receivedAt: input.receivedAt, flags, signal: input.signal, clientSignal: input.signal }, (signal) => counter({ ...context, signal }));
    return value;
  } catch (error) {
    if (isUpstreamError(error) || (isBskError(error) && error.status < 500)) throw error;
    throw gatewayErrors.create('BSK_GATEWAY_COUNT_UNAVAILABLE', { model: model.id, reason: (error as Error).message }, { cause: error });
  }
}
