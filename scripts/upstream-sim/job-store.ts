import { SimRequestError } from './sim-request-error';

/** How a video job progresses: `[[job:polls=N,ms=T,fail]]`. */
export interface JobScript {
  /** Completed after this many status polls... */
  readonly polls: number;
  /** ...or after this long, whichever comes first. */
  readonly durationMs: number;
  readonly fails: boolean;
}

export interface VideoJob {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly createdAtMs: number;
  readonly script: JobScript;
  polls: number;
}

export interface JobProgress {
  readonly status: 'queued' | 'in_progress' | 'completed' | 'failed';
  /** 0 to 100. */
  readonly progress: number;
}

const DEFAULT_SCRIPT: JobScript = { polls: 3, durationMs: 10_000, fails: false };

export function parseJobScript(text: string | undefined): JobScript {
  const script = { ...DEFAULT_SCRIPT };
  for (const part of (text ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    const [option, value] = part.split('=');
    if (option === 'fail') script.fails = true;
    else if ((option === 'polls' || option === 'ms') && Number.isInteger(Number(value)) && Number(value) >= 0) {
      if (option === 'polls') script.polls = Number(value);
      else script.durationMs = Number(value);
    } else throw new SimRequestError(400, `simulator: bad job option "${part}" (polls=N, ms=T, fail)`);
  }
  return script;
}

/** Simulated long-running video jobs (Veo operations), advancing with polls and time. */
export class JobStore {
  private readonly jobs = new Map<string, VideoJob>();

  constructor(private readonly now: () => number = Date.now) {}

  create(job: Omit<VideoJob, 'polls' | 'createdAtMs'>): VideoJob {
    const created: VideoJob = { ...job, createdAtMs: this.now(), polls: 0 };
    this.jobs.set(job.id, created);
    return created;
  }

  get(id: string): VideoJob | undefined {
    return this.jobs.get(id);
  }

  /** Counts a status poll and says where the job stands now. */
  poll(job: VideoJob): JobProgress {
    job.polls += 1;
    return this.progressOf(job);
  }

  progressOf(job: VideoJob): JobProgress {
    const byPolls = job.script.polls === 0 ? 1 : job.polls / job.script.polls;
    const byTime = job.script.durationMs === 0 ? 1 : (this.now() - job.createdAtMs) / job.script.durationMs;
    const fraction = Math.min(1, Math.max(byPolls, byTime));
    if (fraction >= 1) return { status: job.script.fails ? 'failed' : 'completed', progress: 100 };
    const progress = Math.floor(fraction * 100);
    // Queued until the first status poll or the first whole percent: the job a create answers
    // with is queued even when a millisecond passed between storing it and describing it.
    return { status: progress === 0 && job.polls === 0 ? 'queued' : 'in_progress', progress };
  }

  clear(): void {
    this.jobs.clear();
  }
}
