import { asObject, asString } from './json-access';

const PLAIN_INPUT = 'sample input';
const FIRST_QUOTED_LITERAL = /"((?:[^"\\]|\\.)*)"/;

/**
 * The raw text a simulated model gives a custom (freeform) tool. Generating a sentence of an
 * arbitrary grammar is out of scope, so a Lark grammar gets its first quoted literal (for
 * Codex's `apply_patch`, `*** Begin Patch`: plausible, not a full sentence of the grammar) and
 * everything else (plain text, a regex, a Lark grammar without literals) a fixed text.
 */
export function sampleCustomToolInput(format: unknown): string {
  const { type, syntax, definition } = asObject(format);
  if (type !== 'grammar' || syntax !== 'lark') return PLAIN_INPUT;
  return FIRST_QUOTED_LITERAL.exec(asString(definition) ?? '')?.[1] ?? PLAIN_INPUT;
}
