import type { ProviderMetadata, ReasoningPart } from '../../../kernel/canonical/request';
import { isSealedReasoning, SEALED_REASONING_PREFIX } from '../../../kernel/canonical/sealed-reasoning';
import { refuseDeepJson } from '../shared/parse-tool-arguments';
import { fieldPath, isJsonObject, type JsonObject } from '../shared/wire-reader';
import { responsesReader as reader } from './errors';

/**
 * What a reasoning block needs to go back upstream unchanged (Claude's thinking signature or
 * redacted data, Gemini's thought signature) rides in the item's `encrypted_content`, the
 * field OpenAI gives stateless clients for the same purpose. The client returns it untouched;
 * the gateway reads back only what it wrote (SEALED_REASONING_PREFIX), and ignores OpenAI's own.
 */
interface Sealed {
  readonly signature?: string;
  readonly redactedData?: string;
  readonly providerMetadata?: ProviderMetadata;
}

function seal(part: ReasoningPart): string | undefined {
  const sealed: Sealed = {
    ...(part.signature === undefined ? {} : { signature: part.signature }),
    ...(part.redactedData === undefined ? {} : { redactedData: part.redactedData }),
    ...(part.providerMetadata === undefined ? {} : { providerMetadata: part.providerMetadata }),
  };
  return Object.keys(sealed).length ? SEALED_REASONING_PREFIX + Buffer.from(JSON.stringify(sealed)).toString('base64url') : undefined;
}

function unseal(value: string | undefined, param: string): Sealed {
  if (!isSealedReasoning(value)) return {};
  const text = Buffer.from(value!.slice(SEALED_REASONING_PREFIX.length), 'base64url').toString('utf8');
  // The gateway wrote it, but the client hands it back and may have rewritten it.
  refuseDeepJson(text, param, reader);
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isJsonObject(parsed)) return {};
    return {
      ...(typeof parsed.signature === 'string' ? { signature: parsed.signature } : {}),
      ...(typeof parsed.redactedData === 'string' ? { redactedData: parsed.redactedData } : {}),
      ...(isJsonObject(parsed.providerMetadata) ? { providerMetadata: parsed.providerMetadata as ProviderMetadata } : {}),
    };
  } catch {
    return {};
  }
}

/** A reasoning output item: the text as its summary (what clients show), the rest sealed. */
export function toReasoningItem(part: ReasoningPart, id: string): Record<string, unknown> {
  const sealed = seal(part);
  return { type: 'reasoning', id, summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], ...(sealed === undefined ? {} : { encrypted_content: sealed }) };
}

function joinTexts(value: unknown, param: string, type: string): string {
  if (value === undefined || value === null) return '';
  return reader.array(value, param).map((entry, index) => {
    const part = reader.object(entry, fieldPath(param, index));
    if (part.type !== type) reader.fail(fieldPath(fieldPath(param, index), 'type'), `must be "${type}"`);
    return reader.string(part.text, fieldPath(fieldPath(param, index), 'text'));
  }).join('');
}

/** A reasoning input item back to the block it came from; nothing when it holds nothing to send. */
export function readReasoningItem(item: JsonObject, param: string): ReasoningPart[] {
  const text = joinTexts(item.summary, fieldPath(param, 'summary'), 'summary_text') || joinTexts(item.content, fieldPath(param, 'content'), 'reasoning_text');
  const sealedParam = fieldPath(param, 'encrypted_content');
  const sealed = unseal(reader.optionalString(item.encrypted_content, sealedParam), sealedParam);
  if (!text && !Object.keys(sealed).length) return [];
  return [{ type: 'reasoning', text, ...sealed }];
}
