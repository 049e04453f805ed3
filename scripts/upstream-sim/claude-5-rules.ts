import { asObject, asString, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

/**
 * What the Claude 5 models do differently, kept apart from the gateway's catalog on purpose (a
 * wrong entry there shows up as a refusal here). Sources: platform.claude.com/docs/en/models/
 * opus-5-5/whats-new-opus-5-5 (thinking cannot be turned off, forced tool use is an error,
 * thinking comes back empty at the default `display`), …/sonnet-5/overview (thinking on by
 * default, manual budgets and non-default sampling are 400s), …/build-with-claude/thinking-
 * troubleshooting (Claude 4.7 and later refuse budgets; Sonnet 5.5 takes `between_tools` instead
 * of `disabled`), the errors page ("Prefilling assistant messages is not supported for this model.").
 */
const THINKING_ON_BY_DEFAULT = /^claude-(opus-5|sonnet-5|haiku-5-5)/;
const THINKING_ALWAYS_ON = /^claude-(opus-5-5|sonnet-5-5)/;
const THINKING_TEXT_OMITTED = /^claude-(opus-5-5|sonnet-5-5)/;

const modelOf = (body: JsonObject) => asString(body.model) ?? '';
const SAMPLING_DEFAULTS: Readonly<Record<string, number | undefined>> = { temperature: 1, top_p: 1, top_k: undefined };

/** Thinking as the model runs it: the request's type, or adaptive where it is on by default. */
export function effectiveThinking(body: JsonObject): string | undefined {
  const type = asString(asObject(body.thinking).type);
  return type ?? (THINKING_ON_BY_DEFAULT.test(modelOf(body)) ? 'adaptive' : undefined);
}

/** Whether thinking blocks come back with empty text (`display: "omitted"`, these models' default). */
export function omitsThinkingText(body: JsonObject): boolean {
  if (!THINKING_TEXT_OMITTED.test(modelOf(body))) return false;
  const display = asString(asObject(body.thinking).display);
  return display === undefined || display === 'omitted';
}

function refuseThinkingConfig(body: JsonObject): void {
  const type = asString(asObject(body.thinking).type);
  const refused = type === 'enabled' || (type === 'disabled' && THINKING_ALWAYS_ON.test(modelOf(body)));
  if (refused) throw new SimRequestError(400, `"thinking.type.${type}" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`);
}

function refuseSampling(body: JsonObject): void {
  for (const [name, defaultValue] of Object.entries(SAMPLING_DEFAULTS)) {
    if (body[name] !== undefined && body[name] !== defaultValue) throw new SimRequestError(400, `\`${name}\` is deprecated for this model.`);
  }
}

function refusePrefill(body: JsonObject): void {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  if (asObject(messages.at(-1)).role === 'assistant') throw new SimRequestError(400, 'Prefilling assistant messages is not supported for this model.');
}

/** The Claude 5 models' own refusals; the rules every model with thinking on has follow (anthropic-request-rules.ts). */
export function enforceClaude5Rules(body: JsonObject): void {
  if (!THINKING_ON_BY_DEFAULT.test(modelOf(body))) return;
  refuseThinkingConfig(body);
  refuseSampling(body);
  refusePrefill(body);
}
