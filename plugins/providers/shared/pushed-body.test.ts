import { describe, expect, it } from 'vitest';
import { forEachChunk } from '../../../kernel/canonical/passthrough-body';
import { PushedBody } from './pushed-body';

function body(): { body: PushedBody; aborted: Error[] } {
  const aborted: Error[] = [];
  return { body: new PushedBody({ abort: (reason) => aborted.push(reason), pause: () => undefined, resume: () => undefined }), aborted };
}

const text = (chunk: Uint8Array) => Buffer.from(chunk).toString();

describe('PushedBody', () => {
  it('hands chunks that came before the reader first, even after the end', async () => {
    const { body: answer } = body();
    answer.push(Buffer.from('a'));
    answer.push(Buffer.from('b'));
    answer.end();
    const seen: string[] = [];
    await answer.forEach((chunk) => seen.push(text(chunk)));
    expect(seen).toEqual(['a', 'b']);
  });

  it('hands later chunks straight to the reader and is read once', async () => {
    const { body: answer } = body();
    const seen: string[] = [];
    const reading = answer.forEach((chunk) => seen.push(text(chunk)));
    answer.push(Buffer.from('x'));
    expect(seen).toEqual(['x']);
    answer.end();
    await reading;
    await expect(answer.forEach(() => undefined)).rejects.toThrow('read once');
  });

  it('rejects with the failure, after what came before it', async () => {
    const { body: answer } = body();
    answer.push(Buffer.from('part'));
    answer.fail(new TypeError('terminated'));
    const seen: string[] = [];
    await expect(answer.forEach((chunk) => seen.push(text(chunk)))).rejects.toThrow('terminated');
    expect(seen).toEqual(['part']);
  });

  it('gives the body up when its reader throws: the exchange is aborted with that error', async () => {
    const { body: answer, aborted } = body();
    const reading = answer.forEach(() => {
      throw new Error('bad chunk');
    });
    answer.push(Buffer.from('x'));
    await expect(reading).rejects.toThrow('bad chunk');
    expect(aborted.map((error) => error.message)).toEqual(['bad chunk']);
    answer.push(Buffer.from('ignored'));
    answer.end();
  });

  it('iterates, and a reader that stops early aborts the exchange', async () => {
    const { body: whole } = body();
    setTimeout(() => {
      whole.push(Buffer.from('1'));
      whole.push(Buffer.from('2'));
      whole.end();
    }, 5);
    const seen: string[] = [];
    for await (const chunk of whole) seen.push(text(chunk));
    expect(seen).toEqual(['1', '2']);

    const { body: cut, aborted } = body();
    cut.push(Buffer.from('first'));
    for await (const chunk of cut) {
      expect(text(chunk)).toBe('first');
      break;
    }
    expect(aborted).toHaveLength(1);
  });

  it('is read through its callback by forEachChunk', async () => {
    const { body: answer } = body();
    answer.push(Buffer.from('{"a":1}'));
    answer.end();
    const seen: string[] = [];
    await forEachChunk(answer, (chunk) => seen.push(text(chunk)));
    expect(seen).toEqual(['{"a":1}']);
  });
});
