import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/secret-cipher';

/**
 * The OS keychain as a secret cipher (Keychain on macOS, DPAPI on Windows, libsecret or KWallet
 * on Linux), or null when there is none. Linux without a keyring falls back to Electron's
 * `basic_text`, a fixed key that protects nothing: then keys stay in the owner-only file as they
 * are, rather than looking encrypted.
 */
export function safeStorageCipher(): SecretCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    kind: 'safe-storage',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
