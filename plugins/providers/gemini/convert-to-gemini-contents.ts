import type {
  AssistantContentPart, CanonicalMessage, DocumentPart, ImagePart, ReasoningPart, ToolResultPart, UserContentPart,
} from '../../../kernel/canonical/request';
import { signatureInCallId } from './call-id-signature';
import { geminiErrors } from './errors';
import type { GeminiContent, GeminiPart } from './gemini-wire-types';

export const GEMINI_METADATA_KEY = 'gemini';

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic', pdf: 'application/pdf',
};

/** Gemini's `fileData` needs a MIME type; URL sources often omit it, so the extension decides. */
function mimeTypeOfUrl(url: string, fallback: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && MIME_BY_EXTENSION[extension]) ?? fallback;
}

function convertMedia(part: ImagePart | DocumentPart, fallbackMimeType: string): GeminiPart {
  const source = part.source;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.kind === 'url') return { fileData: { mimeType: source.mediaType ?? mimeTypeOfUrl(source.url, fallbackMimeType), fileUri: source.url } };
  return { text: part.type === 'document' && part.title ? `${part.title}\n\n${source.text}` : source.text };
}

function convertUserPart(part: UserContentPart): GeminiPart {
  if (part.type === 'text') return { text: part.text };
  return convertMedia(part, part.type === 'image' ? 'image/jpeg' : 'application/pdf');
}

export function thoughtSignatureOf(part: { providerMetadata?: Readonly<Record<string, Readonly<Record<string, unknown>>>> }): string | undefined {
  const signature = part.providerMetadata?.[GEMINI_METADATA_KEY]?.thoughtSignature;
  return typeof signature === 'string' ? signature : undefined;
}

/**
 * Only a reasoning part's Gemini signature goes back: Gemini does not read earlier thought
 * text, and reasoning from other providers means nothing to it. The signature rides on the
 * text part it followed when there is one (the non-streamed shape), else on an empty text part.
 */
function appendReasoning(parts: GeminiPart[], part: ReasoningPart, warnings: string[]): void {
  const thoughtSignature = thoughtSignatureOf(part);
  if (thoughtSignature === undefined) {
    if (part.text || part.redactedData) warnings.push('dropped reasoning without a Gemini thought signature');
    return;
  }
  const previous = parts.at(-1);
  if (previous?.text !== undefined && previous.thoughtSignature === undefined && !previous.thought) previous.thoughtSignature = thoughtSignature;
  else parts.push({ text: '', thoughtSignature });
}

function convertAssistantParts(content: readonly AssistantContentPart[], warnings: string[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text) parts.push({ text: part.text });
    } else if (part.type === 'reasoning') {
      appendReasoning(parts, part, warnings);
    } else {
      // The signature rides in the call's metadata, or in its id where the client's wire had no room for it.
      const thoughtSignature = thoughtSignatureOf(part) ?? signatureInCallId(part.id);
      parts.push({ functionCall: { name: part.name, args: (part.input ?? {}) as Record<string, unknown> }, ...(thoughtSignature ? { thoughtSignature } : {}) });
    }
  }
  return parts;
}

/** Gemini asks for `output` / `error` keys in a function response; images follow as their own parts. */
function convertToolResult(part: ToolResultPart, toolName: string): GeminiPart[] {
  const text = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
  const images = part.content.flatMap((item) => (item.type === 'image' ? [convertMedia(item, 'image/jpeg')] : []));
  return [{ functionResponse: { name: toolName, response: part.isError ? { error: text } : { output: text } } }, ...images];
}

function convertMessage(message: CanonicalMessage, callNames: Map<string, string>, warnings: string[]): GeminiContent {
  if (message.role === 'user') return { role: 'user', parts: message.content.map(convertUserPart) };
  if (message.role === 'assistant') {
    for (const part of message.content) if (part.type === 'tool-call') callNames.set(part.id, part.name);
    return { role: 'model', parts: convertAssistantParts(message.content, warnings) };
  }
  const parts = message.content.flatMap((result) => {
    // Gemini matches results to calls by function name, and has no call ids of its own.
    const name = result.toolName ?? callNames.get(result.toolCallId);
    if (name === undefined) throw geminiErrors.create('BSK_GEMINI_TOOL_NAME_UNKNOWN', { toolCallId: result.toolCallId });
    return convertToolResult(result, name);
  });
  return { role: 'user', parts };
}

/** Canonical messages to Gemini contents; consecutive contents of one role are merged, empty ones dropped. */
export function convertToGeminiContents(messages: readonly CanonicalMessage[], warnings: string[]): GeminiContent[] {
  const callNames = new Map<string, string>();
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    const content = convertMessage(message, callNames, warnings);
    if (content.parts.length === 0) continue;
    const previous = contents.at(-1);
    if (previous?.role === content.role) previous.parts.push(...content.parts);
    else contents.push(content);
  }
  return contents;
}
