import type { ChatProvider, NativeProtocol, PassthroughResponse, WireProtocol } from '../../../kernel/canonical/provider';
import { createUpstreamError, isUpstreamError } from '../../../kernel/canonical/upstream-error';

/** One upstream key / base URL of a provider, and its share of the traffic. */
export interface PoolMember {
  /** Shown in /health: never the key itself. */
  readonly label: string;
  readonly weight: number;
  readonly provider: ChatProvider;
}

export interface UpstreamMemberHealth {
  readonly label: string;
  readonly weight: number;
  readonly state: 'ok' | 'cooling' | 'disabled';
  /** ISO time the cool-down ends. */
  readonly coolingUntil?: string;
  readonly requests: number;
  readonly lastFailure?: { readonly status: number; readonly at: string };
}

export interface UpstreamPoolHealth {
  readonly provider: string;
  readonly members: readonly UpstreamMemberHealth[];
}

/** What `GET /health` reads of a provider's upstreams: a pool's, or a single upstream's calls (embeddings and rerank only providers). */
export interface UpstreamHealthSource {
  health(): UpstreamPoolHealth;
}

/** A provider's upstreams behind one ChatProvider: spread by weight, cooled down on 401/429. */
export interface UpstreamPool extends UpstreamHealthSource {
  readonly provider: ChatProvider;
}

declare module '../../../kernel/capabilities' {
  interface Contributions {
    /** Every provider's upstream health, for /health. */
    'upstream-pool': UpstreamHealthSource;
  }
}

export interface UpstreamPoolOptions {
  readonly name: string;
  readonly members: readonly PoolMember[];
  /** How long a key that answered 401 or 429 gets no traffic (longer if its retry-after says so). */
  readonly cooldownMs: number;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface MemberState {
  readonly member: PoolMember;
  coolingUntil: number;
  requests: number;
  lastFailure?: { status: number; at: number };
}

/** The statuses that say "this key, not this request": a bad key, or a key over its rate. */
export const COOLING_STATUSES = new Set([401, 429]);

export function statusOf(error: unknown): number | undefined {
  return isUpstreamError(error) ? error.details.info.status : undefined;
}

function pickByWeight(states: readonly MemberState[], random: () => number): MemberState {
  let ticket = random() * states.reduce((sum, state) => sum + state.member.weight, 0);
  for (const state of states) {
    ticket -= state.member.weight;
    if (ticket < 0) return state;
  }
  return states.at(-1)!;
}

/**
 * One ChatProvider over several upstream keys or base URLs. Each call goes to a member
 * picked by weight among those not cooling down; a member answering 401 or 429 cools down
 * and the same call moves on to another member (nothing reached the client yet). A pool of
 * one never cools: there is nothing to balance to, and the upstream's own answer is better
 * than a guess.
 */
export function createUpstreamPool(options: UpstreamPoolOptions): UpstreamPool {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const states: MemberState[] = options.members.map((member) => ({ member, coolingUntil: 0, requests: 0 }));
  const enabled = () => states.filter((state) => state.member.provider.enabled);
  const balancing = () => enabled().length > 1;
  const first = states[0]!.member.provider;

  function cool(state: MemberState, status: number, retryAfterSeconds: number | undefined): void {
    state.lastFailure = { status, at: now() };
    if (balancing()) state.coolingUntil = now() + Math.max(options.cooldownMs, (retryAfterSeconds ?? 0) * 1000);
  }

  function available(tried: ReadonlySet<MemberState>): MemberState[] {
    return enabled().filter((state) => state.coolingUntil <= now() && !tried.has(state));
  }

  function allCooling(): Error {
    const soonest = Math.min(...enabled().map((state) => state.coolingUntil));
    return createUpstreamError(options.name, { kind: 'rate-limit', message: `every upstream key of ${options.name} is cooling down`, status: 429, retryAfterSeconds: Math.max(1, Math.ceil((soonest - now()) / 1000)) });
  }

  /** What withMember needs to see cooling statuses in answers that are not errors (passthrough). */
  interface AnswerStatus<Result> {
    status(result: Result): number;
    /** Frees an answer moved past (its body is never read). */
    discard(result: Result): void;
  }

  /** Runs one call on members until one answers with something other than 401/429, or none is left. */
  async function withMember<Result>(call: (provider: ChatProvider) => Promise<Result>, answers?: AnswerStatus<Result>): Promise<Result> {
    const tried = new Set<MemberState>();
    for (;;) {
      const candidates = available(tried);
      if (!candidates.length) throw allCooling();
      const state = pickByWeight(candidates, random);
      tried.add(state);
      state.requests++;
      let result: Result;
      try {
        result = await call(state.member.provider);
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || !COOLING_STATUSES.has(status)) throw error;
        cool(state, status, isUpstreamError(error) ? error.details.info.retryAfterSeconds : undefined);
        if (!available(tried).length) throw error;
        continue;
      }
      const status = answers?.status(result);
      if (status === undefined || !COOLING_STATUSES.has(status)) return result;
      cool(state, status, undefined);
      if (!available(tried).length) return result;
      answers!.discard(result);
    }
  }

  const passthroughAnswers: AnswerStatus<PassthroughResponse> = {
    status: (response) => response.status,
    discard: (response) => response.discard(),
  };

  /** Each further native protocol, its calls spread over the members like the rest (a member speaks what the first does: one preset). */
  const pooledProtocols = (protocols: NonNullable<ChatProvider['alsoSpeaks']>): NonNullable<ChatProvider['alsoSpeaks']> =>
    Object.fromEntries(Object.entries(protocols).map(([protocol, native]) => [protocol, {
      passthrough: (body, model, call) => withMember((member) => member.alsoSpeaks![protocol as WireProtocol]!.passthrough(body, model, call), passthroughAnswers),
      createUsageTap: native.createUsageTap,
      ...(native.countPassthrough ? { countPassthrough: (body, model, call) => withMember((member) => member.alsoSpeaks![protocol as WireProtocol]!.countPassthrough!(body, model, call)) } : {}),
    } satisfies NativeProtocol]));

  const provider: ChatProvider = {
    name: first.name,
    protocol: first.protocol,
    get enabled() {
      return enabled().length > 0;
    },
    models: () => first.models(),
    generate: (request, model, call) => withMember((member) => member.generate(request, model, call)),
    stream: (request, model, call) => withMember((member) => member.stream(request, model, call)),
    ...(first.countTokens ? { countTokens: (request, model, call) => withMember((member) => member.countTokens!(request, model, call)) } : {}),
    ...(first.countPassthrough ? { countPassthrough: (body, model, call) => withMember((member) => member.countPassthrough!(body, model, call)) } : {}),
    ...(first.passthrough ? { passthrough: (body, model, call) => withMember((member) => member.passthrough!(body, model, call), passthroughAnswers) } : {}),
    ...(first.createUsageTap ? { createUsageTap: first.createUsageTap } : {}),
    ...(first.alsoSpeaks ? { alsoSpeaks: pooledProtocols(first.alsoSpeaks) } : {}),
  };

  return {
    provider,
    health: () => ({
      provider: options.name,
      members: states.map((state) => ({
        label: state.member.label,
        weight: state.member.weight,
        state: !state.member.provider.enabled ? 'disabled' : state.coolingUntil > now() ? 'cooling' : 'ok',
        ...(state.coolingUntil > now() ? { coolingUntil: new Date(state.coolingUntil).toISOString() } : {}),
        requests: state.requests,
        ...(state.lastFailure ? { lastFailure: { status: state.lastFailure.status, at: new Date(state.lastFailure.at).toISOString() } } : {}),
      })),
    }),
  };
}
