import type { MediaBlobRow, MediaRepository, VideoJobRow, VideoJobUpdate } from '../media-repository';
import type { SqlRunner } from './console-repository';
import type { Synchronous } from './synchronous';

type Row = Record<string, unknown>;
type SyncMediaRepository = Synchronous<MediaRepository>;

/** Field → column of video_jobs; the same statements run on PostgreSQL with numbered placeholders. */
export const VIDEO_JOB_COLUMNS = {
  id: 'id', orgId: 'org_id', keyId: 'key_id', requestId: 'request_id', modelId: 'model_id', provider: 'provider', upstreamJobId: 'upstream_job_id',
  contentLocation: 'content_location', prompt: 'prompt', seconds: 'seconds', size: 'size', status: 'status', progress: 'progress',
  errorCode: 'error_code', errorMessage: 'error_message', createdAt: 'created_at', completedAt: 'completed_at',
} as const satisfies Record<keyof VideoJobRow, string>;

export function toVideoJob(row: Row): VideoJobRow {
  const job = Object.fromEntries(Object.entries(VIDEO_JOB_COLUMNS).map(([field, column]) => [field, row[column] ?? null]));
  return { ...job, seconds: Number(row.seconds), progress: Number(row.progress) } as unknown as VideoJobRow;
}

export function toMediaBlob(row: Row): MediaBlobRow {
  return {
    id: row.id as string, orgId: row.org_id as string, mimeType: row.mime_type as string, bytes: row.bytes as Buffer,
    createdAt: row.created_at as string, expiresAt: (row.expires_at as string | null) ?? null,
  };
}

/** Columns and values of an update, in a stable order. */
export function videoJobAssignments(update: VideoJobUpdate): { columns: string[]; values: unknown[] } {
  const entries = Object.entries(update).filter(([, value]) => value !== undefined);
  return { columns: entries.map(([field]) => VIDEO_JOB_COLUMNS[field as keyof VideoJobUpdate]), values: entries.map(([, value]) => value) };
}

const JOB_COLUMNS = Object.values(VIDEO_JOB_COLUMNS);

export function createSqliteMediaRepository(sql: SqlRunner): SyncMediaRepository {
  const { one, all, run } = sql;
  return {
    insertVideoJob: (job) =>
      void run(`INSERT INTO video_jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_COLUMNS.map(() => '?').join(', ')})`,
        ...Object.keys(VIDEO_JOB_COLUMNS).map((field) => job[field as keyof VideoJobRow])),
    getVideoJob: (orgId, id) => {
      const row = one('SELECT * FROM video_jobs WHERE id = ? AND org_id = ?', id, orgId);
      return row ? toVideoJob(row) : null;
    },
    updateVideoJob: (id, update) => {
      const { columns, values } = videoJobAssignments(update);
      if (columns.length) run(`UPDATE video_jobs SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`, ...values, id);
    },
    listUnfinishedVideoJobs: () => all("SELECT * FROM video_jobs WHERE status IN ('queued', 'in_progress') ORDER BY created_at").map(toVideoJob),
    claimVideoJob: (id, owner, at, until) =>
      run(`UPDATE video_jobs SET poll_owner = ?, poll_until = ? WHERE id = ? AND status IN ('queued', 'in_progress')
           AND (poll_until IS NULL OR poll_until < ? OR poll_owner = ?)`, owner, until, id, at, owner).changes === 1,
    releaseVideoJob: (id, owner) => void run('UPDATE video_jobs SET poll_owner = NULL, poll_until = NULL WHERE id = ? AND poll_owner = ?', id, owner),

    putMediaBlob: (blob) =>
      void run('INSERT OR REPLACE INTO media_blobs (id, org_id, mime_type, bytes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        blob.id, blob.orgId, blob.mimeType, blob.bytes, blob.createdAt, blob.expiresAt),
    getMediaBlob: (id, at) => {
      const row = one('SELECT * FROM media_blobs WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)', id, at);
      return row ? toMediaBlob(row) : null;
    },
    deleteExpiredMediaBlobs: (at) => run('DELETE FROM media_blobs WHERE expires_at IS NOT NULL AND expires_at <= ?', at).changes,
  };
}
