import { describe, expect, it } from 'vitest';
import type { VideoJobRow } from './media-repository';
import { BOTH_STORES, useOpenedStore } from './__fixtures__/open-stores';

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-01T00:01:00.000Z';
const job = (id: string, orgId = 'org_a'): VideoJobRow => ({
  id, orgId, keyId: 'key_a', requestId: `req_${id}`, modelId: 'gemini/veo-3.0-fast-generate-001', provider: 'gemini', upstreamJobId: `up_${id}`, contentLocation: null,
  prompt: 'an otter', seconds: 4, size: '1280x720', status: 'queued', progress: 0, errorCode: null, errorMessage: null, createdAt: at, completedAt: null,
});

describe.each(BOTH_STORES)('%s media and flag settings', (_name, open) => {
  const store = useOpenedStore(open);

  it('keeps video jobs per org, updates them and lists the unfinished ones', async () => {
    await store().insertVideoJob(job('video_1'));
    await store().insertVideoJob(job('video_2'));
    expect(await store().getVideoJob('org_a', 'video_1')).toEqual(job('video_1'));
    expect(await store().getVideoJob('org_b', 'video_1')).toBeNull();
    await store().updateVideoJob('video_1', { status: 'completed', progress: 100, completedAt: later, contentLocation: 'https://up/x' });
    expect(await store().getVideoJob('org_a', 'video_1')).toMatchObject({ status: 'completed', progress: 100, completedAt: later, contentLocation: 'https://up/x', seconds: 4 });
    expect((await store().listUnfinishedVideoJobs()).map((row) => row.id)).toEqual(['video_2']);
  });

  it('lets one owner at a time claim an unfinished job until the claim lapses or is released', async () => {
    await store().insertVideoJob(job('video_3'));
    expect(await store().claimVideoJob('video_3', 'instance_a', at, later)).toBe(true);
    expect(await store().claimVideoJob('video_3', 'instance_b', at, later)).toBe(false);
    expect(await store().claimVideoJob('video_3', 'instance_b', '2025-01-01T00:02:00.000Z', '2025-01-01T00:03:00.000Z')).toBe(true);
    await store().releaseVideoJob('video_3', 'instance_a');
    expect(await store().claimVideoJob('video_3', 'instance_a', at, later)).toBe(false);
    await store().releaseVideoJob('video_3', 'instance_b');
    expect(await store().claimVideoJob('video_3', 'instance_a', at, later)).toBe(true);
    await store().updateVideoJob('video_3', { status: 'failed' });
    expect(await store().claimVideoJob('video_3', 'instance_a', at, later)).toBe(false);
  });

  it('serves blobs byte for byte until they expire, then deletes them', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await store().putMediaBlob({ id: 'img_1', orgId: 'org_a', mimeType: 'image/png', bytes, createdAt: at, expiresAt: later });
    await store().putMediaBlob({ id: 'video_1', orgId: 'org_a', mimeType: 'video/mp4', bytes, createdAt: at, expiresAt: null });
    const found = await store().getMediaBlob('img_1', at);
    expect(found && Buffer.compare(found.bytes, bytes)).toBe(0);
    expect(found?.mimeType).toBe('image/png');
    expect(await store().getMediaBlob('img_1', later)).toBeNull();
    expect(await store().deleteExpiredMediaBlobs(later)).toBe(1);
    expect((await store().getMediaBlob('video_1', '2099-01-01T00:00:00.000Z'))?.mimeType).toBe('video/mp4');
  });

  it('replaces flag settings per subject and lists those asked for', async () => {
    await store().putFlagSettings({ subject: 'org:org_a', settings: { defaults: { cache: { ttl_s: 60 } } }, updatedAt: at });
    await store().putFlagSettings({ subject: 'key:key_a', settings: { caps: { timeout_ms: 10 } }, updatedAt: at });
    await store().putFlagSettings({ subject: 'org:org_a', settings: { forbid: ['cache'] }, updatedAt: later });
    const rows = await store().listFlagSettings(['org:org_a', 'key:key_a', 'key:unknown']);
    expect(rows.sort((left, right) => left.subject.localeCompare(right.subject))).toEqual([
      { subject: 'key:key_a', settings: { caps: { timeout_ms: 10 } }, updatedAt: at },
      { subject: 'org:org_a', settings: { forbid: ['cache'] }, updatedAt: later },
    ]);
    expect(await store().listFlagSettings([])).toEqual([]);
  });
});
