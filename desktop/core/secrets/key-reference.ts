import type { SecretStore } from './secret-store';

/**
 * A provider key as settings.json gives it: `secret:<name>` (in the secret store), `env:<NAME>`
 * (an environment variable; for a Project or Role layer that must not hold keys), or the key
 * itself (older settings; it still works).
 */
export type KeyResolution = { readonly key: string } | { readonly problem: string };

const SECRET_PREFIX = 'secret:';

/** The secret a `secret:<name>` key names, or null for any other key. */
export function secretNameOf(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith(SECRET_PREFIX) ? value.slice(SECRET_PREFIX.length) : null;
}

export function resolveKeyReference(value: string, secrets: SecretStore | undefined, env: Readonly<Record<string, string | undefined>>): KeyResolution {
  const name = secretNameOf(value);
  if (name !== null) {
    if (!secrets) return { problem: `key ${value} names the secret store, which is not loaded` };
    try {
      const key = secrets.get(name);
      return key ? { key } : { problem: `key ${value} is not in the secret store (${secrets.file}); add the provider again` };
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }
  if (value.startsWith('env:')) {
    const name = value.slice('env:'.length);
    const key = env[name];
    return key ? { key } : { problem: `key ${value}: the environment variable ${name} is not set` };
  }
  return { key: value };
}

/** The reference a saved key is written as: the store holds the key, settings.json only this. */
export function secretReference(name: string): string {
  return `${SECRET_PREFIX}${name}`;
}
