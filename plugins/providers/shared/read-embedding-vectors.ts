import { expectShape } from './read-upstream-json';

/** `data[{ index, embedding }]` as OpenAI and Voyage answer it: one float vector per input, in input order. */
export function readEmbeddingVectors(provider: string, items: readonly { index?: number; embedding?: unknown }[] | undefined, count: number): number[][] {
  const data = [...(items ?? [])].sort((left, right) => (left.index ?? 0) - (right.index ?? 0));
  expectShape(provider, data.length === count && data.every((item) => Array.isArray(item.embedding)), `${count} float embeddings`);
  return data.map((item) => item.embedding as number[]);
}
