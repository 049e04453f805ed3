import { SimRequestError } from './sim-request-error';

/** What the `[[name:value]]` directives in a prompt ask the simulator to do. */
export interface Directives {
  /** `[[fixture:folder/name]]`: replay that recording instead of a scripted answer. */
  readonly fixture?: string;
  /** `[[tool:name]]` / `[[tools:a,b]]`: call these tools (in parallel when several). */
  readonly tools: readonly string[];
  /** `[[reasoning]]`: reason before answering. */
  readonly reasoning: boolean;
  /** `[[long:N]]`: answer with exactly N text deltas. */
  readonly long?: number;
  /** `[[delay:MS]]`: latency before the first byte. */
  readonly delayMs: number;
  /** `[[chunk-delay:MS]]`: latency between streamed chunks. */
  readonly chunkDelayMs: number;
  /** `[[cached:N]]`: report N of the input tokens as read from the provider's prompt cache. */
  readonly cachedTokens: number;
  /** `[[cache-write:N]]`: report N of the input tokens as written to the prompt cache (Anthropic). */
  readonly cacheWriteTokens: number;
  /** `[[cache-write-1h:N]]`: of those, N written to the one-hour cache (Anthropic's `ttl: "1h"`). */
  readonly cacheWrite1hTokens: number;
  /** `[[fault:...]]`: raw fault specifications, parsed by faults.ts. */
  readonly faults: readonly string[];
  /** `[[job:polls=N,ms=T,fail]]`: how a video job progresses. */
  readonly job?: string;
  /**
   * `[[answer-as:MODEL]]` (or the `x-sim-answer-as` header): the answer names MODEL as the model
   * that answered, as an upstream that routes a retired or aliased id to another model does.
   */
  readonly answerAs?: string;
}

const DIRECTIVE_PATTERN = /\[\[([a-z0-9-]+)(?::([^\]]*))?\]\]/g;

type MutableDirectives = { -readonly [Key in keyof Directives]: Directives[Key] };

function parseCount(name: string, value: string | undefined): number {
  const count = Number(value);
  if (value === undefined || !Number.isInteger(count) || count < 0) {
    throw new SimRequestError(400, `simulator: [[${name}:N]] needs a non-negative integer, got "${value ?? ''}"`);
  }
  return count;
}

function requireModel(value: string | undefined): string {
  const model = value?.trim();
  if (!model) throw new SimRequestError(400, 'simulator: [[answer-as:MODEL]] needs a model id');
  return model;
}

function splitNames(value: string | undefined): string[] {
  return (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
}

function applyDirective(directives: MutableDirectives, name: string, value: string | undefined): void {
  switch (name) {
    case 'fixture': directives.fixture = value?.trim(); return;
    case 'tool': case 'tools': directives.tools = [...directives.tools, ...splitNames(value)]; return;
    case 'reasoning': directives.reasoning = true; return;
    case 'long': directives.long = parseCount(name, value); return;
    case 'delay': directives.delayMs = parseCount(name, value); return;
    case 'chunk-delay': directives.chunkDelayMs = parseCount(name, value); return;
    case 'cached': directives.cachedTokens = parseCount(name, value); return;
    case 'cache-write': directives.cacheWriteTokens = parseCount(name, value); return;
    case 'cache-write-1h': directives.cacheWrite1hTokens = parseCount(name, value); return;
    case 'fault': directives.faults = [...directives.faults, value ?? '']; return;
    case 'job': directives.job = value ?? ''; return;
    case 'answer-as': directives.answerAs = requireModel(value); return;
    default: throw new SimRequestError(400, `simulator: unknown directive [[${name}]]`);
  }
}

export function parseDirectives(text: string): Directives {
  const directives: MutableDirectives = { tools: [], reasoning: false, delayMs: 0, chunkDelayMs: 0, cachedTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, faults: [] };
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) applyDirective(directives, match[1]!, match[2]);
  return directives;
}

/** The prompt as a person wrote it, without the simulator's directives. */
export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE_PATTERN, ' ').replace(/\s+/g, ' ').trim();
}
