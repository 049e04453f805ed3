import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ATTACHMENT_LIMITS, IMAGE_MEDIA_TYPES } from '../agent/attachment-limits';
import type { ToolImage, ToolOutput } from '../agent/tool-source';

/** The most of one result the model reads; the rest is cut with a note (a runaway server must not fill the context). */
export const DEFAULT_MAX_RESULT_CHARACTERS = 100_000;

type ContentItem = CallToolResult['content'][number];

const bytesOfBase64 = (data: string) => Math.floor((data.length * 3) / 4);

function sizeOfBase64(data: string): string {
  const bytes = bytesOfBase64(data);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** An image the model can be shown: a type every provider takes, within the per-image limit. */
function visibleImage(item: ContentItem): ToolImage | null {
  const image = item.type === 'image' ? { mediaType: item.mimeType, data: item.data } : item.type === 'resource' && 'blob' in item.resource && item.resource.mimeType ? { mediaType: item.resource.mimeType, data: String(item.resource.blob) } : null;
  return image && IMAGE_MEDIA_TYPES.includes(image.mediaType) && bytesOfBase64(image.data) <= ATTACHMENT_LIMITS.image ? image : null;
}

function describeItem(item: ContentItem, shown: boolean): string {
  const note = shown ? ', shown to you with this result' : '';
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
      return `[image ${item.mimeType}, ${sizeOfBase64(item.data)}${note}]`;
    case 'audio':
      return `[audio ${item.mimeType}, ${sizeOfBase64(item.data)}]`;
    case 'resource_link':
      return `[link ${item.name}${item.mimeType ? ` (${item.mimeType})` : ''}: ${item.uri}]`;
    case 'resource':
      return 'text' in item.resource ? String(item.resource.text) : `[resource ${item.resource.uri}${item.resource.mimeType ? ` (${item.resource.mimeType})` : ''}, ${sizeOfBase64(String(item.resource.blob))}${note}]`;
    default:
      return `[${(item as { type: string }).type} content]`;
  }
}

/**
 * An MCP tool result as the agent loop hands it to the model: text as is, images as images
 * (the model sees them; a URL beside one travels in the text), other binary content described,
 * structured content when there is nothing else.
 */
export function toolResultOutput(result: CallToolResult, maxCharacters = DEFAULT_MAX_RESULT_CHARACTERS): ToolOutput {
  const images: ToolImage[] = [];
  const pieces = result.content.map((item) => {
    const image = visibleImage(item);
    if (image) images.push(image);
    return describeItem(item, image !== null);
  });
  if (pieces.length === 0 && result.structuredContent !== undefined) pieces.push(JSON.stringify(result.structuredContent));
  let content = pieces.join('\n') || '(the tool returned nothing)';
  if (content.length > maxCharacters) content = `${content.slice(0, maxCharacters)}\n… (result cut: ${content.length - maxCharacters} more characters)`;
  return { content, ...(images.length ? { images } : {}), ...(result.isError ? { isError: true } : {}) };
}
