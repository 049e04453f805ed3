/**
 * Gemini 3 refuses a conversation whose function calls come back without the thought
 * signature they were sent with, and neither OpenAI's nor Anthropic's wire has a field for
 * it on a tool call. The id of the call is the one thing every client sends back as it got it,
 * so a call's signature rides in its id: `call_<responseId>_<n>__ts__<signature in base64url>`,
 * only the characters Anthropic allows in tool ids, should the conversation move to Claude.
 * Gemini itself has no call ids, so nothing is lost.
 */
const MARKER = '__ts__';

export function callIdWithSignature(baseId: string, thoughtSignature: string | undefined): string {
  return thoughtSignature ? `${baseId}${MARKER}${Buffer.from(thoughtSignature, 'utf8').toString('base64url')}` : baseId;
}

/** The signature a call id carries, if it is one of ours. */
export function signatureInCallId(id: string): string | undefined {
  const at = id.indexOf(MARKER);
  if (at < 0) return undefined;
  const signature = Buffer.from(id.slice(at + MARKER.length), 'base64url').toString('utf8');
  return signature || undefined;
}
