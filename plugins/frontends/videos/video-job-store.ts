import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { VideoJobStatus } from '../../../kernel/canonical/modality-providers';

export interface VideoJob {
  readonly id: string;
  readonly orgId: string;
  /** The billing request id whose hold this job carries. */
  readonly requestId: string;
  readonly modelId: string;
  readonly provider: string;
  readonly upstreamJobId: string;
  readonly contentLocation: string | null;
  readonly prompt: string;
  readonly seconds: number;
  readonly size: string;
  readonly status: VideoJobStatus;
  readonly progress: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly completedAt: number | null;
}

export type VideoJobUpdate = Partial<Pick<VideoJob, 'status' | 'progress' | 'contentLocation' | 'errorCode' | 'errorMessage' | 'completedAt'>>;

export interface VideoJobStore {
  insert(job: VideoJob): void;
  /** Only the owner org sees a job: another org's id is as unknown as a made-up one. */
  get(orgId: string, id: string): VideoJob | undefined;
  update(id: string, update: VideoJobUpdate, content?: { bytes: Uint8Array; mimeType: string }): void;
  content(id: string): { bytes: Buffer; mimeType: string } | undefined;
  /** Jobs still running, for the background poller. */
  unfinished(): VideoJob[];
  close(): void;
}

const COLUMNS = {
  id: 'id', orgId: 'org_id', requestId: 'request_id', modelId: 'model_id', provider: 'provider', upstreamJobId: 'upstream_job_id', contentLocation: 'content_location',
  prompt: 'prompt', seconds: 'seconds', size: 'size', status: 'status', progress: 'progress', errorCode: 'error_code', errorMessage: 'error_message', createdAt: 'created_at', completedAt: 'completed_at',
} as const satisfies Record<keyof VideoJob, string>;

type Row = Record<(typeof COLUMNS)[keyof typeof COLUMNS], unknown>;

function toJob(row: Row): VideoJob {
  return Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [field, row[column]])) as unknown as VideoJob;
}

/**
 * Video jobs outlive the process (a job takes minutes; a deploy does not wait), so they sit
 * in a SQLite file of this plugin under the data folder, finished videos included.
 */
export function openVideoJobStore(dataDir: string): VideoJobStore {
  mkdirSync(dataDir, { recursive: true });
  const database = new Database(join(dataDir, 'video-jobs.sqlite'));
  database.pragma('journal_mode = WAL');
  database.exec(`CREATE TABLE IF NOT EXISTS video_jobs (
    id TEXT PRIMARY KEY, org_id TEXT NOT NULL, request_id TEXT NOT NULL, model_id TEXT NOT NULL, provider TEXT NOT NULL, upstream_job_id TEXT NOT NULL,
    content_location TEXT, prompt TEXT NOT NULL, seconds REAL NOT NULL, size TEXT NOT NULL, status TEXT NOT NULL, progress INTEGER NOT NULL,
    error_code TEXT, error_message TEXT, created_at INTEGER NOT NULL, completed_at INTEGER, content BLOB, content_type TEXT)`);
  const columns = Object.values(COLUMNS);
  const insert = database.prepare(`INSERT INTO video_jobs (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
  const select = database.prepare<[string, string], Row>('SELECT * FROM video_jobs WHERE id = ? AND org_id = ?');
  const selectContent = database.prepare<[string], { content: Buffer | null; content_type: string | null }>('SELECT content, content_type FROM video_jobs WHERE id = ?');
  const selectUnfinished = database.prepare<[], Row>("SELECT * FROM video_jobs WHERE status IN ('queued', 'in_progress')");
  return {
    insert: (job) => void insert.run(Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [column, job[field as keyof VideoJob]]))),
    get(orgId, id) {
      const row = select.get(id, orgId);
      return row ? toJob(row) : undefined;
    },
    update(id, update, content) {
      const assignments: [string, unknown][] = Object.entries(update).map(([field, value]) => [COLUMNS[field as keyof VideoJobUpdate], value]);
      if (content) assignments.push(['content', Buffer.from(content.bytes)], ['content_type', content.mimeType]);
      if (assignments.length === 0) return;
      database.prepare(`UPDATE video_jobs SET ${assignments.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...assignments.map(([, value]) => value), id);
    },
    content(id) {
      const row = selectContent.get(id);
      return row?.content ? { bytes: row.content, mimeType: row.content_type ?? 'video/mp4' } : undefined;
    },
    unfinished: () => selectUnfinished.all().map(toJob),
    close: () => database.close(),
  };
}
