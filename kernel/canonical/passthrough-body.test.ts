import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forEachRead, readPassthroughBody } from './passthrough-body';

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

describe('forEachRead', () => {
  const text = (chunk: Uint8Array) => Buffer.from(chunk).toString();

  it('hands over the pieces pushed in one turn as one chunk, later turns separately', async () => {
    const body = new Readable({ read() {} });
    const reads: string[] = [];
    const done = forEachRead(body, (chunk) => reads.push(text(chunk)));
    // What an HTTP parser does with one socket read of a chunked body: several pushes in one callback.
    setTimeout(() => {
      body.push('data: 1\n\n');
      body.push('data: 2\n\n');
      setTimeout(() => {
        body.push('data: 3\n\n');
        body.push(null);
      }, 1);
    }, 1);
    await done;
    expect(reads).toEqual(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n']);
  });

  it('hands over what arrived before the body failed, then rejects', async () => {
    const body = new Readable({ read() {} });
    const reads: string[] = [];
    setTimeout(() => {
      body.push('partial');
      body.destroy(new Error('socket hang up'));
    }, 1);
    await expect(forEachRead(body, (chunk) => reads.push(text(chunk)))).rejects.toThrow('socket hang up');
    expect(reads).toEqual(['partial']);
  });

  it('stops reading and rejects with the error of a failing handler', async () => {
    const body = new Readable({ read() {} });
    setTimeout(() => body.push('x'), 1);
    await expect(forEachRead(body, () => { throw new Error('handler broke'); })).rejects.toThrow('handler broke');
    expect(body.destroyed).toBe(true);
  });
});
