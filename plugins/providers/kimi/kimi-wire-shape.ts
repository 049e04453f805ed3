import { type OpenAIChatWireShape, PLAIN_WIRE_SHAPE } from '../openai-chat/openai-chat-preset';
import rules from './wire-rules.json';

/** What Moonshot documents for one model beyond the shape every Kimi model shares (`wire-rules.json`). */
interface KimiWireRule {
  /** `switchable`: `thinking: {type: "enabled" | "disabled"}` turns it on or off, on by default. */
  readonly thinking?: 'switchable';
  /** Temperature and top_p are the model's own (1.0 thinking, 0.6 not; top_p 0.95) and "cannot be modified". */
  readonly fixedSampling?: boolean;
  /** Thinking, an assistant tool-call message without its `reasoning_content` is refused (OpenAIChatWireShape.toolCallsNeedReasoning). */
  readonly toolCallsNeedReasoning?: boolean;
}

const KIMI_RULES: Readonly<Record<string, KimiWireRule>> = rules as Readonly<Record<string, KimiWireRule>>;

/** Moonshot has no `reasoning_effort` (thinking comes with the model, or its `thinking` switch). */
const KIMI_WIRE_SHAPE: OpenAIChatWireShape = Object.freeze<OpenAIChatWireShape>({ ...PLAIN_WIRE_SHAPE, unsupportedFields: ['reasoning_effort'] });

function shapeOf(rule: KimiWireRule): OpenAIChatWireShape {
  return Object.freeze<OpenAIChatWireShape>({
    ...KIMI_WIRE_SHAPE,
    ...(rule.thinking === 'switchable' ? { thinkingSwitch: true } : {}),
    ...(rule.fixedSampling ? { fixedSampling: true } : {}),
    ...(rule.toolCallsNeedReasoning ? { toolCallsNeedReasoning: true } : {}),
  });
}

const SHAPES: ReadonlyMap<string, OpenAIChatWireShape> = new Map(Object.entries(KIMI_RULES).map(([id, rule]) => [id, shapeOf(rule)]));

/**
 * The wire shape of a Kimi model by its upstream id. Keyed by id rather than read from the
 * catalog entry so that a documented model an operator adds in config (`models`, with their own
 * prices) is written as Moonshot wants it too.
 */
export function kimiWireShape(upstreamId: string): OpenAIChatWireShape {
  return SHAPES.get(upstreamId) ?? KIMI_WIRE_SHAPE;
}
