/**
 * What a prompt may carry, shared by the agent (which enforces it) and the composer (which
 * says so before anything is sent). Pure data: the renderer imports it too.
 */

/** Images the model can see: what every provider we speak accepts inline. */
export const IMAGE_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export const PDF_MEDIA_TYPE = 'application/pdf';

/** Bytes per file: Anthropic's per-image limit, its per-PDF request limit, and a text file that still fits a context. */
export const ATTACHMENT_LIMITS = { image: 5 * 1024 * 1024, pdf: 32 * 1024 * 1024, text: 1024 * 1024 } as const;

/** Files per prompt (Anthropic allows 100 images per request; a person attaching more means a mistake). */
export const MAX_ATTACHMENTS = 20;

export type AttachmentKind = keyof typeof ATTACHMENT_LIMITS;

/** Text media types the agent reads as text even when they arrive base64-encoded. */
function isTextMediaType(mediaType: string): boolean {
  return mediaType.startsWith('text/') || /^application\/(json|xml|yaml|x-yaml|javascript|typescript|x-sh|toml|sql)$/.test(mediaType) || mediaType.endsWith('+json') || mediaType.endsWith('+xml');
}

/** How a file of this media type reaches the model, or null when it cannot. */
export function attachmentKind(mediaType: string): AttachmentKind | null {
  const type = mediaType.toLowerCase().split(';')[0]!.trim();
  if (IMAGE_MEDIA_TYPES.includes(type)) return 'image';
  if (type === PDF_MEDIA_TYPE) return 'pdf';
  return isTextMediaType(type) ? 'text' : null;
}

/** "5 MB" for a limit in bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Why a file cannot be attached (unsupported type, too large), or null when it can.
 * `bytes` is the file's size, not its base64 length.
 */
export function attachmentProblem(name: string, mediaType: string, bytes: number): string | null {
  const kind = attachmentKind(mediaType);
  if (!kind) return `${name} (${mediaType || 'unknown type'}) cannot be attached: images (PNG, JPEG, GIF, WebP), PDFs and text files can`;
  const limit = ATTACHMENT_LIMITS[kind];
  if (bytes > limit) return `${name} is ${formatBytes(bytes)}; ${kind === 'pdf' ? 'PDFs' : kind === 'image' ? 'images' : 'text files'} can be at most ${formatBytes(limit)}`;
  return null;
}

const MEDIA_TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf',
  md: 'text/markdown', txt: 'text/plain', csv: 'text/csv', html: 'text/html', css: 'text/css', json: 'application/json', xml: 'application/xml',
  yaml: 'application/yaml', yml: 'application/yaml', toml: 'application/toml', sql: 'application/sql', sh: 'application/x-sh',
  js: 'text/javascript', ts: 'text/x-typescript', tsx: 'text/x-typescript', jsx: 'text/javascript', py: 'text/x-python', go: 'text/x-go',
  rs: 'text/x-rust', java: 'text/x-java', c: 'text/x-c', h: 'text/x-c', cpp: 'text/x-c++', cs: 'text/x-csharp', rb: 'text/x-ruby',
};

/** The media type a file's extension stands for, when it is one DOSIA can attach (browsers and the CLI often know none for code). */
export function mediaTypeFromName(name: string): string | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return extension ? MEDIA_TYPES_BY_EXTENSION[extension] ?? null : null;
}
