import { PassThrough, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { httpErrors } from './http-errors';

const DECOMPRESSORS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/** What Fastify's body reader checks `content-length` against: the bytes that came over the wire. */
type DecodedBody = PassThrough & { receivedEncodedLength: number };

/**
 * Request bodies sent compressed (`content-encoding: gzip`, `deflate` or `br`; some clients
 * compress large prompts) are decompressed before they are parsed. The body limit applies to
 * the decompressed size, so a small bomb cannot grow past it (413); a body that does not
 * decompress is a 400 and an encoding this gateway cannot read a 415, each in the caller's
 * protocol like any other body error. Unencoded bodies pass untouched.
 */
export function acceptCompressedBodies(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const header = request.headers['content-encoding'];
    if (header === undefined || header === 'identity') return done(null, payload);
    const encoding = header.trim().toLowerCase();
    const decompressor = DECOMPRESSORS[encoding];
    if (!decompressor) return done(httpErrors.create('BSK_HTTP_UNSUPPORTED_ENCODING', { encoding }));
    done(null, decode(payload, decompressor(), encoding));
  });
}

function decode(raw: Readable, decompressor: Transform, encoding: string): DecodedBody {
  const body = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
  raw.on('data', (chunk: Buffer) => {
    body.receivedEncodedLength += chunk.length;
  });
  raw.on('error', (error) => body.destroy(error));
  decompressor.on('error', (error: Error) => body.destroy(httpErrors.create('BSK_HTTP_MALFORMED_ENCODING', { encoding, reason: error.message }, { cause: error })));
  raw.pipe(decompressor).pipe(body);
  return body;
}
