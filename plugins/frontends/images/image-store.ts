import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredImage {
  readonly bytes: Buffer;
  readonly mimeType: string;
}

export interface ImageStore {
  /** Keeps the image until `ttlSeconds` from now; returns an unguessable id. */
  put(image: StoredImage, ttlSeconds: number): string;
  /** The image, or undefined once expired or unknown. */
  get(id: string): StoredImage | undefined;
  close(): void;
}

/**
 * Generated images the gateway serves by URL, in a SQLite file of its own under the data
 * folder (they outlive a restart, not their expiry). The id is the only credential, like
 * the upstream's signed URLs: 192 random bits.
 */
export function openImageStore(dataDir: string, now: () => number = Date.now): ImageStore {
  mkdirSync(dataDir, { recursive: true });
  const database = new Database(join(dataDir, 'images.sqlite'));
  database.pragma('journal_mode = WAL');
  database.exec('CREATE TABLE IF NOT EXISTS images (id TEXT PRIMARY KEY, mime_type TEXT NOT NULL, bytes BLOB NOT NULL, expires_at INTEGER NOT NULL)');
  const insert = database.prepare('INSERT INTO images (id, mime_type, bytes, expires_at) VALUES (?, ?, ?, ?)');
  const select = database.prepare<[string, number], { mime_type: string; bytes: Buffer }>('SELECT mime_type, bytes FROM images WHERE id = ? AND expires_at > ?');
  const purge = database.prepare('DELETE FROM images WHERE expires_at <= ?');
  return {
    put(image, ttlSeconds) {
      purge.run(now());
      const id = randomBytes(24).toString('base64url');
      insert.run(id, image.mimeType, image.bytes, now() + ttlSeconds * 1000);
      return id;
    },
    get(id) {
      const row = select.get(id, now());
      return row ? { bytes: row.bytes, mimeType: row.mime_type } : undefined;
    },
    close: () => database.close(),
  };
}
