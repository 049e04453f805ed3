import type { Layers } from '../layers/layers';
import { createDosiaProvider } from '../providers/create-dosia-provider';
import type { ProviderSlot, TurnMetrics } from '../providers/dosia-provider';
import { isBskError } from '../../../kernel/errors';
import { skillErrors } from './errors';
import type { FetchFunction } from './marketplace-client';
import type { SkillRunPlan } from './skill-run-plan';
import { recordSkillUsage } from './skill-usage';

export interface SkillRunnerDependencies {
  readonly layers: Layers;
  readonly providers: ProviderSlot;
  readonly fetch?: FetchFunction;
  /** Monotonic milliseconds, for latency. */
  readonly now: () => number;
  readonly clock?: () => Date;
}

export interface SkillTurnRequest {
  readonly prompt: string;
  /** `provider:model` or a model id; default: the skill's preferred model, else the `model` setting. */
  readonly model?: string;
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
}

export interface SkillTurnResult {
  readonly skill: string;
  readonly provider: string;
  readonly model: string;
  readonly text: string;
  /** The headers this run added to its model request (the gateway flags). */
  readonly sentHeaders: Readonly<Record<string, string>>;
  /** `bytespike-*` response headers: what the gateway did with the flags (cache hit, answering model, caps). */
  readonly gatewayHeaders: Readonly<Record<string, string>>;
  readonly metrics: TurnMetrics | null;
  /** Set when the stream ended with an error part. */
  readonly error: string | null;
}

/** A fetch that adds the skill's headers to every request and keeps the gateway's answer headers. */
function flaggedFetch(base: FetchFunction, headers: Readonly<Record<string, string>>, seen: Record<string, string>): FetchFunction {
  return async (input, init) => {
    const response = await base(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...headers } });
    response.headers.forEach((value, name) => {
      if (name.startsWith('bytespike-')) seen[name] = value;
    });
    return response;
  };
}

async function chooseModel(dependencies: SkillRunnerDependencies, plan: SkillRunPlan, request: SkillTurnRequest) {
  const resolved = await dependencies.providers.resolveModel(request.model ?? plan.preferredModel ?? undefined, request.signal);
  if (plan.allowedModels && !plan.allowedModels.includes(resolved.model.id)) {
    throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: plan.skill, reason: `model ${resolved.model.id} is not one the skill allows (${plan.allowedModels.join(', ')})` });
  }
  const config = dependencies.providers.configs().find((candidate) => candidate.name === resolved.provider.name);
  if (!config) throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: plan.skill, reason: `provider ${resolved.provider.name} has no configuration` });
  return { config, model: resolved.model.id };
}

/**
 * One model turn of a skill through the Provider slot, every request carrying the skill's
 * gateway flags; the run's usage is added to the skill's totals, failed or not.
 */
export async function runSkillTurn(dependencies: SkillRunnerDependencies, plan: SkillRunPlan, request: SkillTurnRequest): Promise<SkillTurnResult> {
  const { config, model } = await chooseModel(dependencies, plan, request);
  const gatewayHeaders: Record<string, string> = {};
  const provider = createDosiaProvider(config, { fetch: flaggedFetch(dependencies.fetch ?? fetch, plan.headers, gatewayHeaders), now: dependencies.now });
  const record = (ok: boolean, metrics: TurnMetrics | null) => recordSkillUsage(dependencies.layers, {
    skill: plan.skill, model, ok, inputTokens: metrics?.usage.inputTokens ?? 0, outputTokens: metrics?.usage.outputTokens ?? 0, credits: metrics?.credits ?? 0, at: (dependencies.clock ?? (() => new Date()))(),
  });
  let stream;
  try {
    stream = await provider.streamTurn({ model, system: [{ type: 'text', text: plan.system }], messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt }] }], tools: [], maxTokens: request.maxTokens ?? 4096 }, request.signal);
  } catch (error) {
    record(false, null);
    // The gateway refusing a flag (a 400 naming it) arrives here: its reason is the message.
    throw skillErrors.create('BSK_SKILL_RUN_FAILED', { skill: plan.skill, reason: isBskError(error) ? error.message : String(error) }, { cause: error });
  }
  let text = '';
  let error: string | null = null;
  let metrics: TurnMetrics | null = null;
  for await (const part of stream) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'error') error = part.error.message;
    else if (part.type === 'turn-end') metrics = part.metrics;
  }
  record(error === null, metrics);
  return { skill: plan.skill, provider: config.name, model, text, sentHeaders: plan.headers, gatewayHeaders, metrics, error };
}
