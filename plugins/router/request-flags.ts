import { type AttemptMiddleware, type ChatMiddleware, type FeatureFlags, type FlagName, isFlagOn, type UpstreamAttempt } from './chat-middleware';
import { gatewayErrors } from './gateway-errors';
import type { CallerKey, FlagResolver, RequestFlagSources } from './ports';

/** What every endpoint needs to read a request's flags and run the features they switch on. */
export interface RequestFlagDeps<Key extends CallerKey> {
  /** Absent when no feature-flags plugin is loaded: a request that asks for flags is refused. */
  readonly flags?: FlagResolver<Key> | undefined;
  /** The contributed feature middlewares, read per request. */
  readonly middlewares: () => readonly ChatMiddleware[];
}

function unavailable(flag: string, reason: string): never {
  throw gatewayErrors.create('BSK_GATEWAY_FLAG_UNAVAILABLE', { flag, reason, param: flag });
}

/**
 * The flags in force for one request of any endpoint: the header and the `bytespike` body field
 * checked, merged over the key's and the org's defaults, within their forbids and caps.
 */
export async function resolveRequestFlags<Key extends CallerKey>(deps: RequestFlagDeps<Key>, key: Key, sources: RequestFlagSources): Promise<FeatureFlags> {
  if (deps.flags) return deps.flags.resolve(key, sources);
  if (sources.header !== undefined) unavailable('x-bytespike-flags', 'on this gateway (no feature-flags plugin is loaded)');
  if (sources.body !== undefined || sources.form !== undefined) unavailable('bytespike', 'on this gateway (no feature-flags plugin is loaded)');
  return {};
}

/** The flags switched on, each with the middleware that handles it; a flag nothing handles is refused. */
function handledFlags(deps: RequestFlagDeps<CallerKey>, flags: FeatureFlags): { flag: FlagName; middleware: ChatMiddleware }[] {
  const available = deps.middlewares();
  return (Object.keys(flags) as FlagName[]).filter((flag) => isFlagOn(flags, flag)).map((flag) => {
    const middleware = available.find((candidate) => candidate.flag === flag);
    return middleware ? { flag, middleware } : unavailable(flag, 'on this gateway (no feature plugin handles it)');
  });
}

/** The chat middlewares these flags switch on, outermost first. */
export function chatMiddlewaresFor(deps: RequestFlagDeps<CallerKey>, flags: FeatureFlags): ChatMiddleware[] {
  return handledFlags(deps, flags).map(({ middleware }) => middleware).sort((a, b) => a.order - b.order);
}

/** The flags in force for the one upstream call of a non-chat endpoint, and the middlewares they switch on, outermost first. */
export interface AttemptFeatures {
  readonly flags: FeatureFlags;
  readonly middlewares: readonly AttemptMiddleware[];
}

/**
 * Reads and checks a non-chat request's flags as chat does (malformed, unknown, forbidden, over a
 * cap: the same errors). A flag whose feature needs a chat request (`cache`, `fallback`) is
 * refused when the request asks for it, and left out when it is only a key's or org's default,
 * which is meant for the requests that can use it.
 */
export async function resolveAttemptFeatures<Key extends CallerKey>(deps: RequestFlagDeps<Key>, key: Key, sources: RequestFlagSources, endpoint: string): Promise<AttemptFeatures> {
  const flags = await resolveRequestFlags(deps, key, sources);
  const asked = deps.flags?.requested(sources) ?? {};
  const served = deps.middlewares().filter((middleware) => middleware.aroundAttempt).sort((a, b) => a.order - b.order).map((middleware) => middleware.flag);
  const kept: Record<string, unknown> = {};
  const middlewares: AttemptMiddleware[] = [];
  for (const { flag, middleware } of handledFlags(deps, flags).sort((a, b) => a.middleware.order - b.middleware.order)) {
    if (middleware.aroundAttempt) {
      kept[flag] = flags[flag];
      middlewares.push(middleware.aroundAttempt);
    } else if (isFlagOn(asked, flag)) {
      unavailable(flag, `on ${endpoint} (it serves ${served.join(' and ') || 'no flag'})`);
    }
  }
  return { flags: kept as FeatureFlags, middlewares };
}

/** Runs `work` through the middlewares, handing it each attempt's signal; resolves with its value and what the features noted. */
export async function runAttempt<Value>(middlewares: readonly AttemptMiddleware[], attempt: UpstreamAttempt, work: (signal: AbortSignal) => Promise<Value>): Promise<{ value: Value; notes: Readonly<Record<string, unknown>> }> {
  type Answer = { value: Value; notes: Readonly<Record<string, unknown>> };
  const innermost = async (current: UpstreamAttempt): Promise<Answer> => ({ value: await work(current.signal), notes: {} });
  const composed = middlewares.reduceRight<(current: UpstreamAttempt) => Promise<Answer>>((next, middleware) => (current) => middleware(current, next), innermost);
  return composed(attempt);
}
