import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPassthroughBody } from './passthrough-body';

describe('readPassthroughBody', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads a Node stream and a web stream alike, showing each chunk first', async () => {
    for (const make of [() => Readable.from([Buffer.from('ab'), Buffer.from('c')]), () => new Response('abc').body as unknown as AsyncIterable<Uint8Array>]) {
      const seen: string[] = [];
      const body = await readPassthroughBody(make(), (chunk) => seen.push(Buffer.from(chunk).toString()));
      expect(body.toString()).toBe('abc');
      expect(seen.join('')).toBe('abc');
    }
    expect((await readPassthroughBody(null)).length).toBe(0);
    expect((await readPassthroughBody((async function* () { yield bytes('x'); })())).toString()).toBe('x');
  });

  it('rejects when the stream fails or is torn down before its end', async () => {
    const failing = new Readable({ read() { this.destroy(new Error('socket hang up')); } });
    await expect(readPassthroughBody(failing)).rejects.toThrow('socket hang up');
    const torn = new Readable({ read() {} });
    torn.push('partial');
    setTimeout(() => torn.destroy(), 5);
    await expect(readPassthroughBody(torn)).rejects.toThrow('closed before it ended');
  });
});
