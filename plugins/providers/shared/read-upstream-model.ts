/**
 * The model an upstream's answer says answered, as it wrote it (Anthropic's `model`, OpenAI's
 * `model`, Gemini's `modelVersion`); undefined when the answer names none, or not as text.
 */
export function readUpstreamModel(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
