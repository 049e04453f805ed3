import type { Conversation } from './conversation';
import { deterministicId, estimateTokens, hashText } from './deterministic';
import type { Directives } from './directives';
import { stripDirectives } from './directives';
import { sampleFromSchema } from './sample-from-schema';
import { SimRequestError } from './sim-request-error';

export interface PlannedToolCall {
  /** Provider-neutral id suffix; each protocol adds its own prefix (`toolu_`, `call_`). */
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
  readonly argumentsJson: string;
}

export interface PlannedUsage {
  /** All input tokens, cached ones included. */
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  /** Input tokens written to the prompt cache (only Anthropic reports them). */
  readonly cacheWriteTokens: number;
  /** Of those, the ones written to the one-hour cache. */
  readonly cacheWrite1hTokens: number;
  /** All output tokens, reasoning included. */
  readonly outputTokens: number;
  readonly reasoningTokens: number;
}

/** A scripted answer, before any protocol shapes it. Deltas are what a stream sends. */
export interface ResponsePlan {
  /** Hash of the request: the seed of every id and signature in the answer. */
  readonly seed: string;
  readonly reasoning: readonly string[];
  readonly text: readonly string[];
  readonly toolCalls: readonly PlannedToolCall[];
  readonly finish: 'stop' | 'tool_calls' | 'length';
  readonly usage: PlannedUsage;
}

const ECHO_WORDS = 8;
const FILLER_WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];

/** `text` in pieces of at most `size` characters: how streams carry JSON and other text that is not words. */
export function splitIntoPieces(text: string, size: number): string[] {
  return text.match(new RegExp(`.{1,${size}}`, 'gs')) ?? [];
}

function toDeltas(words: readonly string[]): string[] {
  return words.map((word, index) => (index === 0 ? word : ` ${word}`));
}

function echoOf(conversation: Conversation): string {
  const words = stripDirectives(conversation.promptText).split(' ').filter(Boolean);
  return words.length === 0 ? '(empty prompt)' : words.slice(0, ECHO_WORDS).join(' ');
}

function answerWords(conversation: Conversation, directives: Directives): string[] {
  const words = conversation.toolResults.length > 0
    ? `Simulated answer from ${conversation.model} using tool results: ${conversation.toolResults.join(' | ')}`.split(' ')
    : `Simulated answer from ${conversation.model}: ${echoOf(conversation)}`.split(' ');
  if (directives.long === undefined) return words;
  return Array.from({ length: directives.long }, (_unused, index) => words[index] ?? FILLER_WORDS[index % FILLER_WORDS.length]!);
}

function structuredText(conversation: Conversation): string[] | undefined {
  const output = conversation.structuredOutput;
  if (!output) return undefined;
  const value = output.kind === 'json-schema' ? sampleFromSchema(output.schema) : { answer: `Simulated answer from ${conversation.model}` };
  // Split the JSON in a few pieces so a stream still has several deltas to join.
  return splitIntoPieces(JSON.stringify(value), 16);
}

function chooseTools(conversation: Conversation, directives: Directives): readonly string[] {
  if (conversation.toolResults.length > 0) return [];
  const names = directives.tools.length > 0 ? directives.tools : conversation.forcedTool ? [conversation.forcedTool] : [];
  for (const name of names) {
    if (!conversation.tools.some((tool) => tool.name === name)) {
      throw new SimRequestError(400, `simulator: [[tool:${name}]] names a tool the request does not declare`);
    }
  }
  return names;
}

function planToolCalls(conversation: Conversation, names: readonly string[], seed: string): PlannedToolCall[] {
  return names.map((name, index) => {
    const schema = conversation.tools.find((tool) => tool.name === name)!.schema;
    const args = sampleFromSchema(schema ?? { type: 'object' });
    return { id: deterministicId(`${seed}:tool:${index}`), name, arguments: args, argumentsJson: JSON.stringify(args) };
  });
}

function reasoningWords(conversation: Conversation, directives: Directives): string[] {
  if (!directives.reasoning && !conversation.wantsReasoning) return [];
  return `Considering the request "${echoOf(conversation)}" step by step before answering.`.split(' ');
}

export function planResponse(conversation: Conversation, directives: Directives, requestKey: string): ResponsePlan {
  const seed = hashText(requestKey);
  const toolNames = chooseTools(conversation, directives);
  let reasoning = reasoningWords(conversation, directives);
  let text = structuredText(conversation) ?? (toolNames.length > 0 ? [] : toDeltas(answerWords(conversation, directives)));
  let toolCalls = planToolCalls(conversation, toolNames, seed);
  const limit = conversation.maxOutputTokens;
  const truncated = limit !== undefined && reasoning.length + text.length > limit;
  if (truncated) {
    reasoning = reasoning.slice(0, limit);
    text = text.slice(0, Math.max(0, limit - reasoning.length));
    toolCalls = [];
  }
  const toolTokens = toolCalls.reduce((sum, call) => sum + estimateTokens(call.name + call.argumentsJson), 0);
  const inputTokens = Math.max(1, estimateTokens(conversation.inputText));
  const cachedInputTokens = Math.min(directives.cachedTokens, inputTokens);
  const cacheWriteTokens = Math.min(directives.cacheWriteTokens, inputTokens - cachedInputTokens);
  return {
    seed,
    reasoning: toDeltas(reasoning.map((word) => word.trim())),
    text,
    toolCalls,
    finish: truncated ? 'length' : toolCalls.length > 0 ? 'tool_calls' : 'stop',
    usage: {
      inputTokens,
      cachedInputTokens,
      cacheWriteTokens,
      cacheWrite1hTokens: Math.min(directives.cacheWrite1hTokens, cacheWriteTokens),
      outputTokens: reasoning.length + text.length + toolTokens,
      reasoningTokens: reasoning.length,
    },
  };
}
