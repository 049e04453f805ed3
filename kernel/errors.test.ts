import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BskError, defineErrors, type ErrorSpec, isBskError, listErrorCodes } from './errors';
import { findRepoRoot } from './paths';

const root = findRepoRoot();
const SOURCE_ROOTS = ['kernel', 'plugins', 'desktop', 'skills', 'console', 'scripts'];
const SKIPPED_FOLDERS = ['node_modules', 'dist', '__fixtures__'];

/** Every non-test TypeScript file under the source roots that calls defineErrors. */
function errorModules(): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.includes(entry.name) && !entry.name.startsWith('.')) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes('defineErrors(')) found.push(path);
    }
  };
  for (const source of SOURCE_ROOTS.filter((folder) => existsSync(join(root, folder)))) visit(join(root, source));
  return found;
}

/** The README's error table rows, in order: code and status. */
function documentedRows(): Array<{ code: string; status: number }> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| `(BSK_[A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((match) => ({ code: match[1]!, status: Number(match[2]) }));
}

let modules: string[];
let catalogue: ReadonlyMap<string, ErrorSpec>;
beforeAll(async () => {
  modules = errorModules().map((file) => relative(root, file));
  for (const file of modules) await import(pathToFileURL(join(root, file)).href);
  // BSK_ERRTEST_ codes belong to this file's own defineErrors tests below.
  catalogue = new Map([...listErrorCodes()].filter(([code]) => !code.startsWith('BSK_ERRTEST_')));
});

describe('the error catalogue', () => {
  it('is gathered from every area that declares codes', () => {
    expect(modules).toEqual(expect.arrayContaining(['kernel/kernel-errors.ts', 'kernel/canonical/upstream-error.ts', 'plugins/billing/errors.ts', 'desktop/core/layers/errors.ts']));
    expect(catalogue.size).toBeGreaterThan(100);
  });

  it('holds only stable BSK_<AREA>_<WHAT> codes, each with an HTTP status and a message', () => {
    for (const [code, spec] of catalogue) {
      expect(code).toMatch(/^BSK_[A-Z0-9]+_[A-Z0-9_]+$/);
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.message.trim().length, code).toBeGreaterThan(0);
    }
  });

  it('documents every registered code in README.md with its status', () => {
    const documented = new Map(documentedRows().map((row) => [row.code, row.status]));
    const wrong = [...catalogue].filter(([code, spec]) => documented.get(code) !== spec.status).map(([code, spec]) => `${code} (${spec.status})`);
    expect(wrong, 'add or correct these rows in the README error tables: | `CODE` | status | meaning |').toEqual([]);
  });

  it('documents each code once, and no code that does not exist', () => {
    const codes = documentedRows().map((row) => row.code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index), 'listed twice').toEqual([]);
    expect(codes.filter((code) => !catalogue.has(code)), 'not defined anywhere').toEqual([]);
  });
});

describe('defineErrors', () => {
  const testErrors = defineErrors({
    BSK_ERRTEST_EXAMPLE: { status: 409, message: 'wallet {wallet} is {state}' },
  });

  it('fills the message template from details and keeps code, status, details and cause', () => {
    const cause = new Error('row locked');
    const error = testErrors.create('BSK_ERRTEST_EXAMPLE', { wallet: 'w_1', state: 'frozen' }, { cause });
    expect(error).toBeInstanceOf(BskError);
    expect(error).toMatchObject({ code: 'BSK_ERRTEST_EXAMPLE', status: 409, message: 'wallet w_1 is frozen', details: { wallet: 'w_1', state: 'frozen' }, cause });
    expect(isBskError(error) && testErrors.is(error, 'BSK_ERRTEST_EXAMPLE')).toBe(true);
  });

  it('leaves a placeholder it has no value for visible, rather than printing "undefined"', () => {
    expect(testErrors.create('BSK_ERRTEST_EXAMPLE', { wallet: 'w_1' }).message).toBe('wallet w_1 is {state}');
  });

  it('quotes at most 1,000 characters of a detail (a client\'s 100 KB model id is not echoed back whole), and keeps the whole value in details', () => {
    const huge = 'x'.repeat(100_000);
    const error = testErrors.create('BSK_ERRTEST_EXAMPLE', { wallet: huge, state: 'frozen' });
    expect(error.message).toBe(`wallet ${'x'.repeat(1_000)}… (99000 more characters) is frozen`);
    expect(error.details.wallet).toBe(huge);
    expect(testErrors.create('BSK_ERRTEST_EXAMPLE', { wallet: 'y'.repeat(1_000), state: 'frozen' }).message).toBe(`wallet ${'y'.repeat(1_000)} is frozen`);
  });

  it('tells its own codes from other areas’ and from plain errors', () => {
    const kernelError = new BskError('BSK_PLUGIN_DUPLICATE', 500, 'x');
    expect(testErrors.is(kernelError)).toBe(false);
    expect(testErrors.is(new Error('plain'))).toBe(false);
    expect(isBskError(new Error('plain'))).toBe(false);
  });

  it('refuses a code that does not follow the pattern, and a code defined twice', () => {
    expect(() => defineErrors({ WALLET_EMPTY: { status: 402, message: 'x' } })).toThrow('does not follow BSK_<AREA>_<WHAT>');
    expect(() => defineErrors({ BSK_ERRTEST_EXAMPLE: { status: 409, message: 'again' } })).toThrow('BSK_ERRTEST_EXAMPLE is defined twice');
  });
});
