import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveKeyReference } from './key-reference';
import type { SecretCipher } from './secret-cipher';
import { createSecretStore } from './secret-store';

/** A stand-in for the OS keychain: reversible, and never leaves the value readable in the file. */
const keychain: SecretCipher = {
  kind: 'test-keychain',
  seal: (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  open: (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join(''),
};

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dosia-secrets-'));
  file = join(folder, 'secrets.json');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('secret store', () => {
  it('keeps secrets in an owner-only file, and reads, replaces and deletes them', () => {
    const store = createSecretStore(file);
    expect(store.get('providers.gw.1')).toBeUndefined();
    store.set('providers.gw.1', 'bsk_first');
    store.set('providers.other.2', 'sk-other');
    store.set('providers.gw.1', 'bsk_second');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect([store.get('providers.gw.1'), store.get('providers.other.2')]).toEqual(['bsk_second', 'sk-other']);
    store.delete('providers.gw.1');
    expect(createSecretStore(file).get('providers.gw.1')).toBeUndefined();
    expect(createSecretStore(file).get('providers.other.2')).toBe('sk-other');
  });

  it('seals with the keychain once it is available, re-sealing what was stored plain', () => {
    createSecretStore(file).set('old', 'sk-before-keychain');
    const store = createSecretStore(file);
    store.useCipher(keychain);
    store.set('new', 'sk-after-keychain');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-before-keychain');
    expect(text).not.toContain('sk-after-keychain');
    expect(JSON.parse(text).secrets.old.cipher).toBe('test-keychain');
    expect([store.get('old'), store.get('new')]).toEqual(['sk-before-keychain', 'sk-after-keychain']);
  });

  it('says clearly when a secret was sealed by a keychain this process cannot use', () => {
    const app = createSecretStore(file);
    app.useCipher(keychain);
    app.set('providers.gw.1', 'bsk_sealed');
    expect(() => createSecretStore(file).get('providers.gw.1')).toThrow(/encrypted with test-keychain, which is not available here/);
  });

  it('refuses an unreadable file without overwriting it, and names it', () => {
    writeFileSync(file, '{ not json');
    const store = createSecretStore(file);
    expect(() => store.get('x')).toThrow(/BSK_SECRETS_UNREADABLE|cannot be read/);
    expect(() => store.set('x', 'y')).toThrow(/cannot be read/);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });

  it('refuses names that are not plain', () => {
    expect(() => createSecretStore(file).set('../escape', 'x')).toThrow(/must use only letters, digits/);
  });
});

describe('key references in settings', () => {
  it('resolves secret:, env: and plain keys, and explains a missing one', () => {
    const store = createSecretStore(file);
    store.set('providers.gw.1', 'bsk_stored');
    const env = { BYTESPIKE_API_KEY: 'bsk_env' };
    expect(resolveKeyReference('secret:providers.gw.1', store, env)).toEqual({ key: 'bsk_stored' });
    expect(resolveKeyReference('env:BYTESPIKE_API_KEY', store, env)).toEqual({ key: 'bsk_env' });
    expect(resolveKeyReference('bsk_literal', store, env)).toEqual({ key: 'bsk_literal' });
    expect(resolveKeyReference('secret:providers.gone', store, env)).toEqual({ problem: expect.stringContaining('is not in the secret store') });
    expect(resolveKeyReference('env:MISSING', store, env)).toEqual({ problem: 'key env:MISSING: the environment variable MISSING is not set' });
    expect(resolveKeyReference('secret:x', undefined, env)).toEqual({ problem: expect.stringContaining('not loaded') });
  });
});
