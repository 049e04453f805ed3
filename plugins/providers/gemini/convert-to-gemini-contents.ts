import type {
  AssistantContentPart, CanonicalMessage, DocumentPart, ImagePart, ToolResultPart, UserContentPart,
} from '../../../kernel/canonical/request';
import { signatureInCallId } from './call-id-signature';
import { geminiErrors } from './errors';
import type { GeminiContent, GeminiPart } from './gemini-wire-types';
import { thoughtSignatureOf, thoughtSignatureOfReasoning } from './thought-signature';

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

/** A signature no text part followed: onto the text part before it, else an empty text part. */
function placeSignature(parts: GeminiPart[], thoughtSignature: string | undefined): void {
  if (thoughtSignature === undefined) return;
  const previous = parts.at(-1);
  if (previous?.text !== undefined && previous.thoughtSignature === undefined && !previous.thought) previous.thoughtSignature = thoughtSignature;
  else parts.push({ text: '', thoughtSignature });
}

/**
 * Assistant parts back to Gemini parts. Thought text never goes back (Gemini does not read it)
 * and reasoning from other providers means nothing to it; a reasoning part's Gemini signature
 * does go back, on a text part: the one right after it (the answer its thoughts led to, where
 * Gemini put it), else the one right before it (a signature that streamed after its text), else
 * an empty text part in its place. A call's signature goes on its `functionCall` part.
 */
function convertAssistantParts(content: readonly AssistantContentPart[], warnings: string[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let waiting: string | undefined; // a reasoning part's signature, for the text part after it
  for (const part of content) {
    if (part.type === 'reasoning') {
      const thoughtSignature = thoughtSignatureOfReasoning(part);
      if (thoughtSignature === undefined) {
        if (part.text || part.redactedData) warnings.push('dropped reasoning without a Gemini thought signature');
        continue;
      }
      placeSignature(parts, waiting);
      waiting = thoughtSignature;
    } else if (part.type === 'text') {
      if (!part.text) continue;
      parts.push({ text: part.text, ...(waiting === undefined ? {} : { thoughtSignature: waiting }) });
      waiting = undefined;
    } else {
      placeSignature(parts, waiting);
      waiting = undefined;
      // The signature rides in the call's metadata, or in its id where the client's wire had no room for it.
      const thoughtSignature = thoughtSignatureOf(part) ?? signatureInCallId(part.id);
      parts.push({ functionCall: { name: part.name, args: (part.input ?? {}) as Record<string, unknown> }, ...(thoughtSignature ? { thoughtSignature } : {}) });
    }
  }
  placeSignature(parts, waiting);
  return parts;
}

/** Gemini asks for `output` / `error` keys in a function response. */
function convertToolResult(part: ToolResultPart, toolName: string): GeminiPart {
  const text = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
  return { functionResponse: { name: toolName, response: part.isError ? { error: text } : { output: text } } };
}

/**
 * Images and documents tools returned, as parts of their own after every function response of
 * the turn: media inside a function response (`functionResponse.parts`) is documented for Gemini 3
 * only, and this serves 2.5 and 3 alike.
 */
function convertToolMedia(results: readonly ToolResultPart[]): GeminiPart[] {
  return results.flatMap((result) => result.content.filter((item) => item.type !== 'text').map(convertUserPart));
}

function convertMessage(message: CanonicalMessage, callNames: Map<string, string>, warnings: string[]): GeminiContent {
  if (message.role === 'user') return { role: 'user', parts: message.content.map(convertUserPart) };
  if (message.role === 'assistant') {
    for (const part of message.content) if (part.type === 'tool-call') callNames.set(part.id, part.name);
    return { role: 'model', parts: convertAssistantParts(message.content, warnings) };
  }
  const responses = message.content.map((result) => {
    // Gemini matches results to calls by function name, and has no call ids of its own.
    const name = result.toolName ?? callNames.get(result.toolCallId);
    if (name === undefined) throw geminiErrors.create('BSK_GEMINI_TOOL_NAME_UNKNOWN', { toolCallId: result.toolCallId });
    return convertToolResult(result, name);
  });
  return { role: 'user', parts: [...responses, ...convertToolMedia(message.content)] };
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
