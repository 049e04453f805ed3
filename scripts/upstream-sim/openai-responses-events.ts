import { deterministicId } from './deterministic';
import { asString, type JsonObject } from './json-access';
import { buildResponseObject, outputTextPart, type ResponsesAnswer } from './openai-responses-output';
import { payloadFrame, type SseFrame } from './reply';
import { splitIntoPieces } from './response-planner';

/** Delta events carry `obfuscation` padding each payload to this many characters (as recorded), unless turned off. */
const OBFUSCATED_LENGTH = 16;

type Event = JsonObject & { readonly type: string };

/** What the delta events of one item have in common. */
interface ItemStream {
  readonly item: JsonObject;
  readonly outputIndex: number;
  readonly obfuscate: boolean;
}

function deltaEvent(stream: ItemStream, type: string, delta: string, index: number, fields: JsonObject = {}): Event {
  const id = asString(stream.item.id)!;
  const padding = stream.obfuscate ? { obfuscation: deterministicId(`${id}:${index}`, Math.max(1, OBFUSCATED_LENGTH - delta.length)) } : {};
  return { type, item_id: id, output_index: stream.outputIndex, ...fields, delta, ...padding };
}

/** A reasoning item streams its summary, when it has one, as one summary part. */
function reasoningEvents(stream: ItemStream, deltas: readonly string[]): Event[] {
  const summary = (stream.item.summary as JsonObject[])[0];
  if (!summary) return [];
  const where = { item_id: stream.item.id, output_index: stream.outputIndex, summary_index: 0 };
  return [
    { type: 'response.reasoning_summary_part.added', ...where, part: { type: 'summary_text', text: '' } },
    ...deltas.map((delta, index) => deltaEvent(stream, 'response.reasoning_summary_text.delta', delta, index, { summary_index: 0 })),
    { type: 'response.reasoning_summary_text.done', ...where, text: summary.text },
    { type: 'response.reasoning_summary_part.done', ...where, part: summary },
  ];
}

function messageEvents(stream: ItemStream, deltas: readonly string[]): Event[] {
  const part = (stream.item.content as JsonObject[])[0]!;
  const where = { item_id: stream.item.id, output_index: stream.outputIndex, content_index: 0 };
  return [
    { type: 'response.content_part.added', ...where, part: outputTextPart('') },
    ...deltas.map((delta, index) => deltaEvent(stream, 'response.output_text.delta', delta, index, { content_index: 0, logprobs: [] })),
    { type: 'response.output_text.done', ...where, text: part.text, logprobs: [] },
    { type: 'response.content_part.done', ...where, part },
  ];
}

/** Function arguments and custom tool input stream in pieces, then whole in the `done` event. */
function toolInputEvents(stream: ItemStream, kind: 'function_call_arguments' | 'custom_tool_call_input', field: 'arguments' | 'input'): Event[] {
  const value = String(stream.item[field]);
  return [
    ...splitIntoPieces(value, 24).map((delta, index) => deltaEvent(stream, `response.${kind}.delta`, delta, index)),
    { type: `response.${kind}.done`, item_id: stream.item.id, output_index: stream.outputIndex, [field]: value },
  ];
}

/** The item as `output_item.added` shows it: in progress, nothing generated yet. */
function itemStart(item: JsonObject): JsonObject {
  switch (item.type) {
    case 'reasoning': return { ...item, summary: [] };
    case 'message': return { ...item, status: 'in_progress', content: [] };
    case 'function_call': return { ...item, status: 'in_progress', arguments: '' };
    default: return { ...item, status: 'in_progress', input: '' };
  }
}

function itemBodyEvents(stream: ItemStream, answer: ResponsesAnswer): Event[] {
  switch (stream.item.type) {
    case 'reasoning': return reasoningEvents(stream, answer.plan.reasoning);
    case 'message': return messageEvents(stream, answer.plan.text);
    case 'function_call': return toolInputEvents(stream, 'function_call_arguments', 'arguments');
    default: return toolInputEvents(stream, 'custom_tool_call_input', 'input');
  }
}

/**
 * The Responses stream: `response.created`, `response.in_progress`, each output item between
 * `output_item.added` and `output_item.done`, then `response.completed` (or `incomplete`) with
 * the whole response. Every event is named after its type and numbered; there is no `[DONE]`.
 */
export function buildResponsesStream(answer: ResponsesAnswer, obfuscate: boolean): SseFrame[] {
  const starting = buildResponseObject(answer, false);
  const finished = buildResponseObject(answer, true);
  const events: Event[] = [{ type: 'response.created', response: starting }, { type: 'response.in_progress', response: starting }];
  answer.output.forEach((item, outputIndex) => {
    events.push({ type: 'response.output_item.added', output_index: outputIndex, item: itemStart(item) });
    events.push(...itemBodyEvents({ item, outputIndex, obfuscate }, answer));
    events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  });
  events.push({ type: finished.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: finished });
  return events.map(({ type, ...fields }, sequence) => payloadFrame({ type, sequence_number: sequence, ...fields }, 'openai-responses'));
}
