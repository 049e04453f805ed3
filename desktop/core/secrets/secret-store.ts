import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../layers/atomic-write';
import { PLAIN_CIPHER, type SecretCipher } from './secret-cipher';
import { secretsErrors } from './errors';

interface StoredSecret {
  readonly cipher: string;
  readonly value: string;
}

interface SecretsFile {
  readonly version: 1;
  readonly secrets: Readonly<Record<string, StoredSecret>>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    secrets: SecretStore;
  }
}

export interface SecretStore {
  /** Where the secrets live (for messages). */
  readonly file: string;
  /** The secret, or undefined when there is none; BSK_SECRETS_LOCKED when it was sealed with a cipher not available here. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  /**
   * Seals from now on with `cipher` (the desktop app's keychain), and re-seals every entry this
   * process can open, so keys saved before the keychain was available do not stay plain.
   */
  useCipher(cipher: SecretCipher): void;
}

const NAME = /^[A-Za-z0-9._-]+$/;
const OWNER_ONLY = 0o600;

function checkName(name: string): void {
  if (!NAME.test(name)) throw secretsErrors.create('BSK_SECRETS_BAD_NAME', { name });
}

/** `secrets.json`: `{ version: 1, secrets: { name: { cipher, value } } }`, readable by its owner only. */
export function createSecretStore(file: string): SecretStore {
  const ciphers = new Map<string, SecretCipher>([[PLAIN_CIPHER.kind, PLAIN_CIPHER]]);
  let sealWith: SecretCipher = PLAIN_CIPHER;

  const read = (): Record<string, StoredSecret> => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw secretsErrors.create('BSK_SECRETS_UNREADABLE', { file, reason: (error as Error).message });
    }
    try {
      const parsed = JSON.parse(text) as SecretsFile;
      if (parsed?.version !== 1 || typeof parsed.secrets !== 'object' || parsed.secrets === null) throw new Error('not a version 1 secrets file');
      return { ...parsed.secrets };
    } catch (error) {
      // Never overwritten when unreadable: a rewrite would lose every key in it.
      throw secretsErrors.create('BSK_SECRETS_UNREADABLE', { file, reason: (error as Error).message });
    }
  };
  const write = (secrets: Record<string, StoredSecret>): void => {
    // A new temporary file, created owner-only, replaces the old one: the mode never depends on an older file.
    writeFileAtomic(file, `${JSON.stringify({ version: 1, secrets } satisfies SecretsFile, null, 2)}\n`, OWNER_ONLY);
  };

  return {
    file,
    get(name) {
      const stored = read()[name];
      if (!stored) return undefined;
      const cipher = ciphers.get(stored.cipher);
      if (!cipher) throw secretsErrors.create('BSK_SECRETS_LOCKED', { name, cipher: stored.cipher });
      return cipher.open(stored.value);
    },
    set(name, value) {
      checkName(name);
      write({ ...read(), [name]: { cipher: sealWith.kind, value: sealWith.seal(value) } });
    },
    delete(name) {
      const secrets = read();
      if (!(name in secrets)) return;
      delete secrets[name];
      write(secrets);
    },
    useCipher(cipher) {
      ciphers.set(cipher.kind, cipher);
      sealWith = cipher;
      const secrets = read();
      const plain = Object.entries(secrets).filter(([, stored]) => stored.cipher === PLAIN_CIPHER.kind);
      if (plain.length === 0) return;
      for (const [name, stored] of plain) secrets[name] = { cipher: cipher.kind, value: cipher.seal(stored.value) };
      write(secrets);
    },
  };
}
