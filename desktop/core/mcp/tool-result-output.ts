import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolOutput } from '../agent/tool-source';

/** The most of one result the model reads; the rest is cut with a note (a runaway server must not fill the context). */
export const DEFAULT_MAX_RESULT_CHARACTERS = 100_000;

function sizeOfBase64(data: string): string {
  const bytes = Math.floor((data.length * 3) / 4);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

function describeItem(item: CallToolResult['content'][number]): string {
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
      return `[image ${item.mimeType}, ${sizeOfBase64(item.data)}]`;
    case 'audio':
      return `[audio ${item.mimeType}, ${sizeOfBase64(item.data)}]`;
    case 'resource_link':
      return `[link ${item.name}${item.mimeType ? ` (${item.mimeType})` : ''}: ${item.uri}]`;
    case 'resource':
      return 'text' in item.resource ? String(item.resource.text) : `[resource ${item.resource.uri}${item.resource.mimeType ? ` (${item.resource.mimeType})` : ''}, ${sizeOfBase64(String(item.resource.blob))}]`;
    default:
      return `[${(item as { type: string }).type} content]`;
  }
}

/**
 * An MCP tool result as the text the agent loop hands the model: text as is, binary content
 * described (its URL travels in the text beside it), structured content when there is no other.
 */
export function toolResultText(result: CallToolResult, maxCharacters = DEFAULT_MAX_RESULT_CHARACTERS): ToolOutput {
  const pieces = result.content.map(describeItem);
  if (pieces.length === 0 && result.structuredContent !== undefined) pieces.push(JSON.stringify(result.structuredContent));
  let content = pieces.join('\n') || '(the tool returned nothing)';
  if (content.length > maxCharacters) content = `${content.slice(0, maxCharacters)}\n… (result cut: ${content.length - maxCharacters} more characters)`;
  return { content, ...(result.isError ? { isError: true } : {}) };
}
