import { createHash } from 'node:crypto';

/** What every model API accepts as a tool name (Anthropic's rule is the strictest). */
export const MAX_TOOL_NAME_LENGTH = 64;

/**
 * `mcp__<server>__<tool>`, made of letters, digits, `_` and `-` only. A name too long is cut
 * and ends in a hash of the full name, so two long tools of one server never collide.
 */
export function mcpToolName(server: string, tool: string): string {
  const full = `mcp__${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (full.length <= MAX_TOOL_NAME_LENGTH) return full;
  const hash = createHash('sha256').update(`${server}\u0000${tool}`).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1)}_${hash}`;
}
