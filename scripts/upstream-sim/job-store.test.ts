import { describe, expect, it } from 'vitest';
import { JobStore } from './job-store';

describe('JobStore', () => {
  it('keeps a new job queued until its first poll or first whole percent, whatever the clock did meanwhile', () => {
    let now = 1_000;
    const store = new JobStore(() => now);
    const job = store.create({ id: 'op1', model: 'veo-3.0-generate-001', prompt: 'p', script: { polls: 3, durationMs: 10_000, fails: false } });
    now += 1;
    expect(store.progressOf(job)).toEqual({ status: 'queued', progress: 0 });
    now += 100;
    expect(store.progressOf(job)).toEqual({ status: 'in_progress', progress: 1 });
    expect(store.poll(job)).toEqual({ status: 'in_progress', progress: 33 });
    now += 10_000;
    expect(store.progressOf(job)).toEqual({ status: 'completed', progress: 100 });
  });
});
