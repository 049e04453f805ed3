import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BskError, defineErrors, type ErrorSpec, isBskError, listErrorCodes } from './errors';
import { findRepoRoot } from './paths';

const root = findRepoRoot();
const SOURCE_ROOTS = ['kernel', 'plugins', 'desktop', 'skills', 'console', 'scripts'];

/** Every non-test TypeScript file under the source roots that declares error codes. */
function errorModules(): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !['node_modules', 'dist', '__fixtures__'].includes(entry.name) && !entry.name.startsWith('.')) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes('defineErrors({')) found.push(path);
    }
  };
  // A folder with nothing committed yet (skills/, console/) is absent from a fresh clone.
  for (const source of SOURCE_ROOTS.filter((folder) => existsSync(join(root, folder)))) visit(join(root, source));
  return found;
}

/** The README's error table rows: code -> status. */
function documentedCodes(): Map<string, number> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return new Map([...readme.matchAll(/^\| `(BSK_[A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1]!, Number(match[2])]));
}

let catalogue: ReadonlyMap<string, ErrorSpec>;
let definedUnderKernel: Set<string>;
beforeAll(async () => {
  const modules = errorModules();
  const kernelModules = modules.filter((file) => relative(root, file).startsWith('kernel/'));
  expect(kernelModules.map((file) => relative(root, file))).toContain('kernel/kernel-errors.ts');
  // BSK_ERRTEST_ codes belong to this file's own defineErrors tests below.
  const ownCodes = () => [...listErrorCodes()].filter(([code]) => !code.startsWith('BSK_ERRTEST_'));
  for (const file of kernelModules) await import(pathToFileURL(file).href);
  definedUnderKernel = new Set(ownCodes().map(([code]) => code));
  for (const file of modules) await import(pathToFileURL(file).href);
  catalogue = new Map(ownCodes());
});

describe('the error catalogue', () => {
  it('holds only stable BSK_<AREA>_<WHAT> codes, each with an HTTP status and a message', () => {
    expect(catalogue.size).toBeGreaterThan(20);
    for (const [code, spec] of catalogue) {
      expect(code).toMatch(/^BSK_[A-Z0-9]+_[A-Z0-9_]+$/);
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.message.trim().length, code).toBeGreaterThan(0);
    }
  });

  it('documents every kernel code in README.md with its status', () => {
    const documented = documentedCodes();
    const missing = [...definedUnderKernel].filter((code) => documented.get(code) !== catalogue.get(code)!.status);
    expect(missing, 'add these rows to the README error table: | `CODE` | status | meaning |').toEqual([]);
  });

  it('lists all codes of an area once it lists any of them, each with its status', () => {
    const documented = documentedCodes();
    const areaOf = (code: string) => code.split('_')[1]!;
    const documentedAreas = new Set([...documented.keys()].map(areaOf));
    const missing = [...catalogue].filter(([code, spec]) => documentedAreas.has(areaOf(code)) && documented.get(code) !== spec.status).map(([code]) => code);
    expect(missing, 'add these rows to the README error table: | `CODE` | status | meaning |').toEqual([]);
  });

  it('documents no code that does not exist', () => {
    expect([...documentedCodes().keys()].filter((code) => !catalogue.has(code))).toEqual([]);
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
