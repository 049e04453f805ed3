import { describe, expect, it } from 'vitest';
import { multipartFieldsObject, parseMultipart } from './parse-multipart';

/** Encodes a body with the platform's own FormData, as clients (the openai SDK) do. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('parseMultipart', () => {
  it('reads fields and binary files exactly as FormData wrote them', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x2d, 0x2d]);
    const form = new FormData();
    form.append('prompt', 'a hat\r\non two lines');
    form.append('n', '2');
    form.append('image[]', new Blob([bytes], { type: 'image/png' }), 'otter "one".png');
    form.append('image[]', new Blob([Buffer.from('second')], { type: 'image/webp' }), 'two.webp');
    const { body, contentType } = await encode(form);
    const parsed = parseMultipart(body, contentType);
    expect(multipartFieldsObject(parsed)).toEqual({ prompt: 'a hat\r\non two lines', n: '2' });
    expect(parsed.files.map((file) => [file.field, file.filename, file.mimeType])).toEqual([['image[]', 'otter %22one%22.png', 'image/png'], ['image[]', 'two.webp', 'image/webp']]);
    expect(Buffer.compare(parsed.files[0]!.bytes, bytes)).toBe(0);
    expect(parsed.files[1]!.bytes.toString()).toBe('second');
  });

  it('keeps every value of a repeated field in order', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="tag"\r\n\r\none\r\n--b\r\nContent-Disposition: form-data; name=tag\r\n\r\ntwo\r\n--b--\r\n');
    const parsed = parseMultipart(body, 'multipart/form-data; boundary="b"');
    expect(parsed.fields.tag).toEqual(['one', 'two']);
    expect(multipartFieldsObject(parsed).tag).toBe('two');
  });

  it('keeps fields named like members of Object.prototype as plain fields', () => {
    const names = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
    const body = Buffer.from(`${names.map((name) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${name} value\r\n`).join('')}--b--\r\n`);
    const parsed = parseMultipart(body, 'multipart/form-data; boundary=b');
    expect(Object.keys(parsed.fields)).toEqual(names);
    expect(Object.entries(multipartFieldsObject(parsed))).toEqual(names.map((name) => [name, `${name} value`]));
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--b\r\n\r\n--b--'],
    ['a missing closing delimiter', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
    ['a part without a name', 'multipart/form-data; boundary=b', '--b\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--b--'],
    ['a part without headers', 'multipart/form-data; boundary=b', '--b\r\nvalue\r\n--b--'],
    ['a body without the boundary', 'multipart/form-data; boundary=b', 'just text'],
  ])('refuses %s with a 400', (_case, contentType, text) => {
    expect(() => parseMultipart(Buffer.from(text), contentType)).toThrow(expect.objectContaining({ code: 'BSK_MULTIPART_MALFORMED', status: 400 }));
  });

  it('refuses more parts than any request needs', () => {
    const part = '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nv\r\n';
    expect(() => parseMultipart(Buffer.from(`${part.repeat(65)}--b--`), 'multipart/form-data; boundary=b')).toThrow(/more than 64 parts/);
  });
});
