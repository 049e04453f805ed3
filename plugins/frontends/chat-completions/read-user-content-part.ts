import type { DocumentPart, ImagePart, TextPart, UserContentPart } from '../../../kernel/canonical/request';
import { readFileData, readMediaUrl } from '../shared/read-media-url';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { chatReader as reader, refuseUnsupported } from './errors';


function readImagePart(part: JsonObject, param: string): ImagePart {
  // Some older clients send `image_url` as a bare string rather than `{ url }`.
  const imageParam = fieldPath(param, 'image_url');
  const image = typeof part.image_url === 'string' ? { url: part.image_url } : reader.object(part.image_url, imageParam);
  const detail = reader.optionalChoice(image.detail, fieldPath(imageParam, 'detail'), ['auto', 'low', 'high'] as const);
  const source = readMediaUrl(reader, reader.string(image.url, fieldPath(imageParam, 'url')), fieldPath(imageParam, 'url'));
  return { type: 'image', source, ...(detail === undefined ? {} : { detail }) };
}

/**
 * `file` parts carry inline `file_data` (a data: URL, or bare base64 taken as a PDF). A
 * `file_id` names a file stored at OpenAI, which no other provider can read: refused.
 */
function readFilePart(part: JsonObject, param: string): DocumentPart {
  const fileParam = fieldPath(param, 'file');
  const file = reader.object(part.file, fileParam);
  const data = reader.optionalString(file.file_data, fieldPath(fileParam, 'file_data'));
  if (data === undefined) {
    if (file.file_id !== undefined) refuseUnsupported(fieldPath(fileParam, 'file_id'), 'files uploaded to OpenAI cannot be used through the gateway; send the content as file_data');
    return reader.fail(fieldPath(fileParam, 'file_data'), 'is required');
  }
  const source = readFileData(reader, data, fieldPath(fileParam, 'file_data'));
  const title = reader.optionalString(file.filename, fieldPath(fileParam, 'filename'));
  return { type: 'document', source, ...(title === undefined ? {} : { title }) };
}

export function readTextPart(part: JsonObject, param: string): TextPart {
  return { type: 'text', text: reader.string(part.text, fieldPath(param, 'text')) };
}

export function readUserContentPart(value: unknown, param: string): UserContentPart {
  const part = reader.object(value, param);
  const type = reader.string(part.type, fieldPath(param, 'type'));
  switch (type) {
    case 'text': return readTextPart(part, param);
    case 'image_url': return readImagePart(part, param);
    case 'file': return readFilePart(part, param);
    case 'input_audio': return refuseUnsupported(fieldPath(param, 'type'), 'audio input is not supported; transcribe it first and send text');
    default: return reader.fail(fieldPath(param, 'type'), 'must be one of "text", "image_url", "file"');
  }
}
