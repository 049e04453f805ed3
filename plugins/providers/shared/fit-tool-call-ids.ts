import { createHash } from 'node:crypto';

/**
 * What an upstream accepts as a tool call id, and the id it gets instead. Ids travel from one
 * provider to another when a conversation changes model, and each upstream refuses some:
 * OpenAI an id over 40 characters (a Gemini call's id carries its thought signature), Anthropic
 * one with characters outside `[a-zA-Z0-9_-]` (Kimi's `functions.get_weather:0`), each with a
 * 400. An id that does not fit becomes the rule's prefix and a hash of it: the same on a call
 * and on its result, so the two still match. Ids that fit are sent as they are.
 */
export interface ToolCallIdRule {
  fits(id: string): boolean;
  /** The replacement's prefix; the hash fills it up to `length` characters. */
  readonly prefix: string;
  readonly length: number;
}

export const OPENAI_TOOL_CALL_IDS: ToolCallIdRule = { fits: (id) => id.length <= 40, prefix: 'call_', length: 40 };

export const ANTHROPIC_TOOL_USE_IDS: ToolCallIdRule = { fits: (id) => /^[a-zA-Z0-9_-]+$/.test(id), prefix: 'toolu_', length: 32 };

function hashedId(seed: string, rule: ToolCallIdRule): string {
  return rule.prefix + createHash('sha256').update(seed).digest('base64url').slice(0, rule.length - rule.prefix.length);
}

export function fitToolCallId(id: string, rule: ToolCallIdRule): string {
  return rule.fits(id) ? id : hashedId(id, rule);
}

/** The ids of one request's tool calls and results, fitted in conversation order. */
export interface ToolCallIdFitter {
  /** The id to send for the next tool call. */
  call(id: string): string;
  /** The id to send for a tool result: that of the call it answers. */
  result(id: string): string;
}

/**
 * Anthropic also refuses a request in which two tool_use blocks share an id ("tool_use ids must
 * be unique"), which a conversation carried over from another model can hold: a provider that
 * numbers calls per turn, a client that sent the same id twice. Seen in conversation order, a call
 * whose id an earlier call of the request already has gets a new one (a hash of its id and how
 * many times it came before, so the same body always gets the same ids), and a result takes the
 * id of the oldest call with its id that no result has answered yet: results follow their calls
 * in the next turn, so each stays matched to its own. A result no call is waiting for takes the
 * latest call's id with its id, else its own fitted. Requests without repeats get what
 * `fitToolCallId` gives.
 */
export function createToolCallIdFitter(rule: ToolCallIdRule): ToolCallIdFitter {
  const sent = new Set<string>();
  const unanswered = new Map<string, string[]>();
  const latest = new Map<string, string>();
  return {
    call(id) {
      let fitted = fitToolCallId(id, rule);
      for (let repeat = 1; sent.has(fitted); repeat += 1) fitted = hashedId(`${id}\n${repeat}`, rule);
      sent.add(fitted);
      unanswered.set(id, [...(unanswered.get(id) ?? []), fitted]);
      latest.set(id, fitted);
      return fitted;
    },
    result(id) {
      return unanswered.get(id)?.shift() ?? latest.get(id) ?? fitToolCallId(id, rule);
    },
  };
}
