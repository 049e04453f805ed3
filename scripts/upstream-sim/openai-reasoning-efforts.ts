import { SimRequestError } from './sim-request-error';

/**
 * The reasoning efforts OpenAI's reasoning models take, first match wins: GPT-5.5, GPT-5.4, GPT-5.4
 * mini and nano take `none` to `xhigh` (developers.openai.com/docs/models), GPT-5.1
 * replaced `minimal` with `none`, GPT-5 takes `minimal` to `high`, the o-series starts at `low`.
 * Other models are not checked (any model id is accepted).
 */
const EFFORTS_BY_MODEL: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^gpt-5\.(4(-mini|-nano)?|5)(-\d{4}-\d{2}-\d{2})?$/, ['none', 'low', 'medium', 'high', 'xhigh']],
  [/^gpt-5\.1(?!-chat)/, ['none', 'low', 'medium', 'high']],
  [/^gpt-5(?!-chat)/, ['minimal', 'low', 'medium', 'high']],
  [/^o\d/, ['low', 'medium', 'high']],
];

function listChoices(choices: readonly string[]): string {
  const quoted = choices.map((choice) => `'${choice}'`);
  return quoted.length < 3 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

/** OpenAI's 400 for an effort the model does not take; `param` is `reasoning_effort` (Chat Completions) or `reasoning.effort` (Responses). */
export function refuseUnsupportedEffort(model: unknown, effort: unknown, param: string): void {
  if (typeof model !== 'string' || typeof effort !== 'string') return;
  const efforts = EFFORTS_BY_MODEL.find(([pattern]) => pattern.test(model))?.[1];
  if (efforts === undefined || efforts.includes(effort)) return;
  throw new SimRequestError(400, `Unsupported value: '${param}' does not support '${effort}' with this model. Supported values are: ${listChoices(efforts)}.`, { param, code: 'unsupported_value' });
}

/**
 * Reasoning models refuse sampling parameters (`Unsupported parameter`, as OpenAI answers for
 * `temperature` on o-series and GPT-5 models); the GPT-5.x models that take `none` accept them
 * when reasoning is off. Only an explicit `none` counts here: whether a model's default effort
 * is `none` is not modelled.
 */
export function refuseSamplingWhileReasoning(body: Readonly<Record<string, unknown>>, effort: unknown): void {
  const { model } = body;
  if (typeof model !== 'string' || !/^(o\d|gpt-5(?!-chat))/.test(model) || effort === 'none') return;
  const param = ['temperature', 'top_p'].find((field) => body[field] !== undefined && body[field] !== null);
  if (param === undefined) return;
  throw new SimRequestError(400, `Unsupported parameter: '${param}' is not supported with this model.`, { param, code: 'unsupported_parameter' });
}
