/**
 * Video jobs and the media the gateway serves (generated images, finished videos), in the
 * shared store so that every gateway instance sees a job or an image another one created,
 * and a job outlives a restart. Blobs live in the database (BLOB on SQLite, BYTEA on
 * PostgreSQL): images are a few MB and videos tens of MB, well within both.
 * Timestamps are ISO-8601 UTC strings, as in the rest of the store.
 */

export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface VideoJobRow {
  readonly id: string;
  readonly orgId: string;
  readonly keyId: string;
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
  readonly createdAt: string;
  readonly completedAt: string | null;
}

export type VideoJobUpdate = Partial<Pick<VideoJobRow, 'status' | 'progress' | 'contentLocation' | 'errorCode' | 'errorMessage' | 'completedAt'>>;

export interface MediaBlobRow {
  /** Unguessable: for images the id is the only credential of the URL. */
  readonly id: string;
  readonly orgId: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
  readonly createdAt: string;
  /** Null keeps the blob as long as what refers to it (a finished video). */
  readonly expiresAt: string | null;
}

export interface MediaRepository {
  insertVideoJob(job: VideoJobRow): Promise<void>;
  /** Only the owner org sees a job: another org's id is as unknown as a made-up one. */
  getVideoJob(orgId: string, id: string): Promise<VideoJobRow | null>;
  updateVideoJob(id: string, update: VideoJobUpdate): Promise<void>;
  /** Jobs still queued or in progress, oldest first. */
  listUnfinishedVideoJobs(): Promise<VideoJobRow[]>;
  /**
   * Takes the right to check the job upstream until `until`, for `owner` (an instance id):
   * false while another owner's claim runs, or once the job finished. One instance at a
   * time downloads and settles a video, however many poll it.
   */
  claimVideoJob(id: string, owner: string, at: string, until: string): Promise<boolean>;
  /** Ends `owner`'s claim early (the check is done). */
  releaseVideoJob(id: string, owner: string): Promise<void>;

  /** Inserts, or replaces a blob of the same id (a retried download). */
  putMediaBlob(blob: MediaBlobRow): Promise<void>;
  /** The blob unless it expired at `at`. */
  getMediaBlob(id: string, at: string): Promise<MediaBlobRow | null>;
  /** Removes blobs that expired before `at`; returns how many. */
  deleteExpiredMediaBlobs(at: string): Promise<number>;
}
