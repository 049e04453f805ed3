import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import type { CanonicalMessage, CanonicalRequest, DocumentPart, ToolDefinition } from '../../../kernel/canonical/request';

/**
 * A tokenizer-free estimate of a request's input tokens, for when the upstream reports no
 * count (Claude Code shows `message_start`'s figure as context used). The heuristic:
 * - text by the kernel's estimateTextTokens (3.5 characters a token, a CJK character one);
 * - an image ≈ 1,600 tokens (Anthropic's (width × height) / 750 at its ~1.15 MP resize cap);
 * - a base64 PDF ≈ 1 token per 30 decoded bytes (≈ 3,000 per 100 KB page); a PDF by URL 3,000;
 * - tool calls and schemas count as their JSON text; any tools add ~300 tokens of the
 *   tool-use preamble providers inject; each message adds 4 tokens of role framing.
 * It is an estimate to show and reserve against, not a figure to bill when a count exists.
 */
const IMAGE_TOKENS = 1_600;
const PDF_BYTES_PER_TOKEN = 30;
const URL_DOCUMENT_TOKENS = 3_000;
const TOOLS_PREAMBLE_TOKENS = 300;
const MESSAGE_FRAMING_TOKENS = 4;

function estimateDocumentTokens(part: DocumentPart): number {
  const { source } = part;
  if (source.kind === 'text') return estimateTextTokens(source.text);
  if (source.kind === 'url') return URL_DOCUMENT_TOKENS;
  return Math.ceil((source.data.length * 3) / 4 / PDF_BYTES_PER_TOKEN);
}

function estimatePartTokens(part: CanonicalMessage['content'][number]): number {
  switch (part.type) {
    case 'text': return estimateTextTokens(part.text);
    case 'image': return IMAGE_TOKENS;
    case 'document': return estimateDocumentTokens(part);
    case 'reasoning': return estimateTextTokens(part.text) + estimateTextTokens(part.redactedData ?? '');
    case 'tool-call': return estimateTextTokens(part.name) + estimateTextTokens(JSON.stringify(part.input ?? {}));
    case 'tool-result': return part.content.reduce((sum, item) => sum + estimatePartTokens(item), MESSAGE_FRAMING_TOKENS);
  }
}

function estimateToolTokens(tools: readonly ToolDefinition[]): number {
  if (!tools.length) return 0;
  return tools.reduce(
    (sum, tool) => sum + estimateTextTokens(tool.name) + estimateTextTokens(tool.description ?? '') + estimateTextTokens(JSON.stringify(tool.inputSchema)),
    TOOLS_PREAMBLE_TOKENS,
  );
}

export function estimateInputTokens(request: CanonicalRequest): number {
  const system = request.system.reduce((sum, part) => sum + estimateTextTokens(part.text), 0);
  const messages = request.messages.reduce(
    (sum, message) => sum + message.content.reduce((inner, part) => inner + estimatePartTokens(part), MESSAGE_FRAMING_TOKENS),
    0,
  );
  return system + messages + estimateToolTokens(request.tools);
}
