/**
 * A store repository as the SQLite store implements it: the same methods answering at once
 * (better-sqlite3 is synchronous; the store's queue gives callers the interface's promises).
 */
export type Synchronous<Repository> = {
  [K in keyof Repository]: Repository[K] extends (...args: infer Args) => infer Result ? (...args: Args) => Awaited<Result> : never;
};
