import { estimateImageTokens } from './image-tokens';
import type { AssistantContentPart, CanonicalRequest, DocumentPart, ToolResultContentPart } from './request';
import type { StreamPart } from './stream';

/** Characters in these blocks (CJK, kana, hangul…) are usually a token each, not a fraction of one. */
const WIDE_CHARACTER = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/gu;

/**
 * A tokenizer-free estimate, used only where an upstream reports no count (reservations,
 * `message_start` before the upstream answered, OpenAI-compatible servers without usage).
 * English and code average 3.5-4 characters per token across the GPT, Claude and Gemini
 * tokenizers; dividing by 3.5 and rounding up errs on the side of reserving enough. A CJK
 * character counts one token, so Chinese or Japanese prompts are not under-counted threefold.
 */
export function estimateTextTokens(text: string): number {
  const wide = countWide(text);
  return tokensFor(wide, text.length);
}

function countWide(text: string): number {
  return text.match(WIDE_CHARACTER)?.length ?? 0;
}

function tokensFor(wide: number, characters: number): number {
  return wide + Math.ceil((characters - wide) / 3.5);
}

/** `estimateTextTokens` of text that arrives in pieces (stream deltas), without keeping the text. */
export class TextTokenCounter {
  private wide = 0;
  private characters = 0;

  add(text: string): void {
    this.wide += countWide(text);
    this.characters += text.length;
  }

  /** The content a stream part carries: text, reasoning, tool input. */
  addPart(part: StreamPart): void {
    if (part.type === 'text-delta' || part.type === 'reasoning-delta') this.add(part.text);
    else if (part.type === 'tool-input-delta') this.add(part.json);
  }

  /** A whole answer's part, counted as a stream's deltas of it would be. */
  addContent(part: AssistantContentPart): void {
    if (part.type === 'tool-call') this.add(typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}));
    else this.add(part.text);
  }

  get tokens(): number {
    return tokensFor(this.wide, this.characters);
  }
}

/**
 * A whole answer's output (text, reasoning, tool-call arguments) in estimated tokens: what an
 * upstream that reports no usage is billed for, as a stream's delivered content is.
 */
export function estimateContentTokens(content: readonly AssistantContentPart[]): number {
  const counter = new TextTokenCounter();
  for (const part of content) counter.addContent(part);
  return counter.tokens;
}

/** A document's text counts as text; a file's base64 at half of that (two characters a byte, and pages compress). */
function estimateDocumentTokens(part: DocumentPart): number {
  return part.source.kind === 'text' ? estimateTextTokens(part.source.text) : estimateTextTokens(part.source.kind === 'base64' ? part.source.data : '') / 2;
}

function estimateToolResultTokens(part: ToolResultContentPart): number {
  if (part.type === 'text') return estimateTextTokens(part.text);
  return part.type === 'image' ? estimateImageTokens(part) : estimateDocumentTokens(part);
}

/** Per-message framing (role markers, separators) that every chat template adds. */
const TOKENS_PER_MESSAGE = 4;

/**
 * A structured-output schema reaches the model with the prompt (OpenAI's `json_schema`, the
 * instruction a JSON-mode model is given, Claude's `output_format`) and is billed as input.
 */
function estimateResponseFormatTokens(format: CanonicalRequest['responseFormat']): number {
  return format?.type === 'json-schema' ? estimateTextTokens(JSON.stringify(format.schema)) : 0;
}

export function estimateRequestTokens(request: CanonicalRequest): number {
  let tokens = request.system.reduce((sum, part) => sum + estimateTextTokens(part.text), 0);
  tokens += estimateResponseFormatTokens(request.responseFormat);
  tokens += request.tools.reduce((sum, tool) => sum + estimateTextTokens(tool.name + (tool.description ?? '') + JSON.stringify(tool.inputSchema)), 0);
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          tokens += estimateTextTokens(part.text);
          break;
        case 'image':
          tokens += estimateImageTokens(part);
          break;
        case 'document':
          tokens += estimateDocumentTokens(part);
          break;
        case 'tool-call':
          tokens += estimateTextTokens(part.name + JSON.stringify(part.input ?? {}));
          break;
        case 'tool-result':
          tokens += part.content.reduce((sum, inner) => sum + estimateToolResultTokens(inner), 0);
          break;
      }
    }
  }
  return Math.ceil(tokens);
}
