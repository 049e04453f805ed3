import type { MediaRepository, VideoJobRow } from '../media-repository';
import { toMediaBlob, toVideoJob, VIDEO_JOB_COLUMNS, videoJobAssignments } from '../sqlite/media-repository';
import type { Queryable } from './postgres-repository';

const JOB_COLUMNS = Object.values(VIDEO_JOB_COLUMNS);
const INSERT_JOB = `INSERT INTO video_jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`;

/** Video jobs and media blobs on PostgreSQL: the SQLite twin's statements with numbered placeholders; BYTEA arrives as a Buffer. */
export function createPostgresMediaRepository(db: Queryable): MediaRepository {
  const rows = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows;
  const changed = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount ?? 0;
  return {
    insertVideoJob: async (job) => void (await db.query(INSERT_JOB, Object.keys(VIDEO_JOB_COLUMNS).map((field) => job[field as keyof VideoJobRow]))),
    getVideoJob: async (orgId, id) => (await rows('SELECT * FROM video_jobs WHERE id = $1 AND org_id = $2', [id, orgId])).map(toVideoJob)[0] ?? null,
    async updateVideoJob(id, update) {
      const { columns, values } = videoJobAssignments(update);
      if (columns.length) await db.query(`UPDATE video_jobs SET ${columns.map((column, index) => `${column} = $${index + 1}`).join(', ')} WHERE id = $${columns.length + 1}`, [...values, id]);
    },
    listUnfinishedVideoJobs: async () => (await rows("SELECT * FROM video_jobs WHERE status IN ('queued', 'in_progress') ORDER BY created_at", [])).map(toVideoJob),
    claimVideoJob: async (id, owner, at, until) =>
      (await changed(`UPDATE video_jobs SET poll_owner = $1, poll_until = $2 WHERE id = $3 AND status IN ('queued', 'in_progress')
        AND (poll_until IS NULL OR poll_until < $4 OR poll_owner = $1)`, [owner, until, id, at])) === 1,
    releaseVideoJob: async (id, owner) => void (await db.query('UPDATE video_jobs SET poll_owner = NULL, poll_until = NULL WHERE id = $1 AND poll_owner = $2', [id, owner])),

    putMediaBlob: async (blob) =>
      void (await db.query(
        `INSERT INTO media_blobs (id, org_id, mime_type, bytes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, mime_type = excluded.mime_type, bytes = excluded.bytes, created_at = excluded.created_at, expires_at = excluded.expires_at`,
        [blob.id, blob.orgId, blob.mimeType, blob.bytes, blob.createdAt, blob.expiresAt],
      )),
    getMediaBlob: async (id, at) => (await rows('SELECT * FROM media_blobs WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)', [id, at])).map(toMediaBlob)[0] ?? null,
    deleteExpiredMediaBlobs: (at) => changed('DELETE FROM media_blobs WHERE expires_at IS NOT NULL AND expires_at <= $1', [at]),
  };
}
