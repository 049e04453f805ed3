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

export function fitToolCallId(id: string, rule: ToolCallIdRule): string {
  if (rule.fits(id)) return id;
  return rule.prefix + createHash('sha256').update(id).digest('base64url').slice(0, rule.length - rule.prefix.length);
}
