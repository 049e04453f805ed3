/**
 * How secrets are sealed at rest. The desktop app seals with the OS keychain (Electron's
 * safeStorage: Keychain, DPAPI, libsecret); `dosia` on the command line and `dosia web` have no
 * keychain and store them as they are, in an owner-only file. Each entry records its cipher,
 * so a file written by both is read correctly by each (or refused clearly).
 */
export interface SecretCipher {
  /** Recorded with each entry: `plain`, `safe-storage`. */
  readonly kind: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export const PLAIN_CIPHER: SecretCipher = { kind: 'plain', seal: (plain) => plain, open: (sealed) => sealed };
