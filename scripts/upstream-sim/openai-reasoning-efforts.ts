import { SimRequestError } from './sim-request-error';

/**
 * The reasoning efforts OpenAI's reasoning models take, first match wins: GPT-5.1 replaced
 * `minimal` with `none`, GPT-5 takes `minimal` to `high`, the o-series starts at `low`.
 * Other models are not checked (any model id is accepted).
 */
const EFFORTS_BY_MODEL: readonly (readonly [RegExp, readonly string[]])[] = [
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
