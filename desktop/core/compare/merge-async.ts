/**
 * Interleaves several async iterables, yielding each value as soon as its source produces
 * it. A source that throws ends the merge with that error (sources here never throw: a
 * failed lane ends with an error event instead).
 */
export async function* mergeAsync<Value>(sources: readonly AsyncIterable<Value>[]): AsyncGenerator<Value> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<Value> }>>();
  const pull = (index: number) => pending.set(index, iterators[index]!.next().then((result) => ({ index, result })));
  iterators.forEach((_iterator, index) => pull(index));
  while (pending.size > 0) {
    const { index, result } = await Promise.race(pending.values());
    if (result.done) pending.delete(index);
    else {
      pull(index);
      yield result.value;
    }
  }
}
