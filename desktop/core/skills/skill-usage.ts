import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layers } from '../layers/layers';

/** Totals per skill, kept in the Personal layer's skill-usage.json. */
export interface SkillUsageTotals {
  readonly runs: number;
  readonly failures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Integer credits (ByteSpike providers report them; others count 0). */
  readonly credits: number;
  readonly byModel: Readonly<Record<string, number>>;
  readonly lastRunAt: string;
}

export interface SkillUsageEntry {
  readonly skill: string;
  readonly model: string;
  readonly ok: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly credits: number;
  readonly at: Date;
}

export const USAGE_FILE = 'skill-usage.json';

export function readSkillUsage(layers: Layers): Record<string, SkillUsageTotals> {
  const root = layers.root('personal').path;
  const file = root ? join(root, USAGE_FILE) : null;
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, SkillUsageTotals>;
  } catch {
    // A damaged usage file restarts the counts rather than blocking every run.
    return {};
  }
}

/** Adds one run to its skill's totals (one person's runs go through one process at a time). */
export function recordSkillUsage(layers: Layers, entry: SkillUsageEntry): SkillUsageTotals {
  const all = readSkillUsage(layers);
  const previous = all[entry.skill];
  const totals: SkillUsageTotals = {
    runs: (previous?.runs ?? 0) + 1,
    failures: (previous?.failures ?? 0) + (entry.ok ? 0 : 1),
    inputTokens: (previous?.inputTokens ?? 0) + entry.inputTokens,
    outputTokens: (previous?.outputTokens ?? 0) + entry.outputTokens,
    credits: (previous?.credits ?? 0) + entry.credits,
    byModel: { ...previous?.byModel, [entry.model]: (previous?.byModel[entry.model] ?? 0) + 1 },
    lastRunAt: entry.at.toISOString(),
  };
  layers.writeFile('personal', USAGE_FILE, `${JSON.stringify({ ...all, [entry.skill]: totals }, null, 2)}\n`);
  return totals;
}
