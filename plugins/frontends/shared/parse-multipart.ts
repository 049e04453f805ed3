import { defineErrors } from '../../../kernel/errors';

const multipartErrors = defineErrors({
  BSK_MULTIPART_MALFORMED: { status: 400, message: 'the multipart/form-data body is malformed: {reason}' },
});

export interface MultipartFile {
  readonly field: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

export interface MultipartBody {
  /** Text fields by name; a repeated name keeps every value in order. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly files: readonly MultipartFile[];
}

/** More parts than any image or video request needs is an attack, not a request. */
const MAX_PARTS = 64;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function malformed(reason: string): never {
  throw multipartErrors.create('BSK_MULTIPART_MALFORMED', { reason });
}

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 200 ? boundary : malformed('no boundary in the content-type header');
}

/** `name="x"` / `filename="y"` from Content-Disposition (RFC 7578: quoted, with `\"` escapes). */
function dispositionParameter(disposition: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(disposition);
  return match?.[1]?.replace(/\\(.)/g, '$1');
}

function readPart(part: Buffer): { name: string; filename?: string; mimeType: string; bytes: Buffer } {
  const headerEnd = part.indexOf(HEADER_END);
  if (headerEnd < 0) return malformed('a part has no header section');
  const headers = new Map(part.subarray(0, headerEnd).toString('utf8').split('\r\n').map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
  }));
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParameter(disposition, 'name');
  if (!/^form-data/i.test(disposition) || !name) return malformed('a part has no content-disposition form-data name');
  const filename = dispositionParameter(disposition, 'filename');
  return { name, ...(filename === undefined ? {} : { filename }), mimeType: headers.get('content-type') ?? 'application/octet-stream', bytes: part.subarray(headerEnd + HEADER_END.length) };
}

/** Splits the body at each `--boundary`; every part ends with the CRLF that precedes the next delimiter. */
function splitParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) return malformed('the boundary never occurs in the body');
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    if (!body.subarray(afterDelimiter, afterDelimiter + 2).equals(CRLF)) return malformed('a delimiter is not followed by CRLF');
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), afterDelimiter);
    if (next < 0) return malformed('the closing delimiter is missing');
    parts.push(body.subarray(afterDelimiter + CRLF.length, next));
    if (parts.length > MAX_PARTS) return malformed(`more than ${MAX_PARTS} parts`);
    start = next + CRLF.length;
  }
}

/** Parses a whole multipart/form-data body (RFC 7578) already held in memory under the host's body limit. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  // Field names are the client's own: `toString` or `__proto__` is a field like any other, not a member of Object.prototype.
  const fields: Record<string, string[]> = Object.create(null);
  const files: MultipartFile[] = [];
  for (const part of splitParts(body, boundaryOf(contentType)).map(readPart)) {
    if (part.filename !== undefined) files.push({ field: part.name, filename: part.filename, mimeType: part.mimeType, bytes: part.bytes });
    else (fields[part.name] ??= []).push(part.bytes.toString('utf8'));
  }
  return { fields, files };
}

/** The fields as a plain object (last value wins), so one parser reads JSON and multipart requests alike. */
export function multipartFieldsObject(body: MultipartBody): Record<string, string> {
  return Object.fromEntries(Object.entries(body.fields).map(([name, values]) => [name, values[values.length - 1]!]));
}
