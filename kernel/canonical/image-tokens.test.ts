import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRequestTokens } from './estimate-tokens';
import { readImageSize } from './image-size';
import { claudeImageTokens, openAIImageTokens } from './image-tokens';
import type { CanonicalRequest } from './request';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', '__fixtures__', 'image-headers.json'), 'utf8')) as Record<'png' | 'jpeg' | 'webp' | 'webpLossless', string> & { width: number; height: number };

const bytesOf = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)))).toString('base64');
const le16 = (value: number) => [value & 0xff, value >> 8];

describe('readImageSize', () => {
  it('reads the size from what Chromium encodes: PNG, JPEG, WebP (extended)', () => {
    for (const format of ['png', 'jpeg', 'webp', 'webpLossless'] as const) expect(readImageSize(fixture[format]), format).toEqual({ width: 37, height: 21 });
  });

  it('reads GIF, simple lossy and lossless WebP and a progressive JPEG frame from their headers', () => {
    expect(readImageSize(bytesOf('GIF89a', le16(300), le16(200), [0, 0, 0]))).toEqual({ width: 300, height: 200 });
    // VP8: the frame tag, the start code, then 14-bit width and height.
    expect(readImageSize(bytesOf('RIFF', [0, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0], [0, 0, 0], [0x9d, 0x01, 0x2a], le16(640), le16(480)))).toEqual({ width: 640, height: 480 });
    // VP8L: the signature byte, then width - 1 and height - 1 in 14 bits each.
    const bits = (1023 & 0x3fff) | ((767 & 0x3fff) << 14);
    expect(readImageSize(bytesOf('RIFF', [0, 0, 0, 0], 'WEBPVP8L', [0, 0, 0, 0], [0x2f], [bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24], [0, 0, 0, 0, 0]))).toEqual({ width: 1024, height: 768 });
    // An APP1 segment first, then SOF2 (progressive): height before width, big-endian.
    expect(readImageSize(bytesOf([0xff, 0xd8], [0xff, 0xe1, 0x00, 0x04, 0, 0], [0xff, 0xc2, 0x00, 0x11, 0x08, 0x03, 0x00, 0x05, 0x00], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ width: 1280, height: 768 });
  });

  it('says nothing for what is not an image it knows, or is cut short', () => {
    expect(readImageSize(Buffer.from('not an image at all, just text').toString('base64'))).toBeNull();
    expect(readImageSize(fixture.png.slice(0, 8))).toBeNull();
    expect(readImageSize('')).toBeNull();
  });
});

describe('image token counts', () => {
  it('match the providers\' documented examples', () => {
    expect([claudeImageTokens(200, 200), claudeImageTokens(1092, 1092), claudeImageTokens(4000, 4000)]).toEqual([54, 1590, 1600]);
    expect([openAIImageTokens(1024, 1024), openAIImageTokens(2048, 4096)]).toEqual([765, 1105]);
  });
});

describe('estimateRequestTokens for images', () => {
  const withImage = (data: string): CanonicalRequest => ({ model: 'm', system: [], tools: [], stop: [], metadata: {}, stream: false, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } }] }] }) as unknown as CanonicalRequest;

  it('counts a small image by its size, and an unreadable one as a full photo', () => {
    // 37 x 21: OpenAI's one tile (85 + 170) is more than Claude's 2 tokens; plus 4 for the message.
    expect(estimateRequestTokens(withImage(fixture.png))).toBe(4 + 255);
    expect(estimateRequestTokens(withImage(Buffer.from('?').toString('base64')))).toBe(4 + 1600);
  });

  it('counts a large image as Claude does, up to about 1,600 tokens', () => {
    // 1092 x 1092: 1,590 tokens for Claude (its documented figure), 765 for OpenAI.
    const square = bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0x04, 0x44], [0, 0, 0x04, 0x44]);
    expect(estimateRequestTokens(withImage(square))).toBe(4 + 1590);
  });
});
