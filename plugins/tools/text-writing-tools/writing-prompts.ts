/** One writing task: what the model is told, and how the caller's arguments become the request. */
export interface WritingTask {
  readonly name: 'draft' | 'rewrite' | 'translate' | 'summarise';
  readonly title: string;
  readonly description: string;
  readonly properties: Record<string, unknown>;
  readonly required: readonly string[];
  readonly system: string;
  prompt(args: Record<string, unknown>): string;
}

const LENGTH = { type: 'string', enum: ['short', 'medium', 'long'], default: 'medium', description: 'Roughly a paragraph, a page, or several pages.' };

function optionalLine(label: string, value: unknown): string {
  return typeof value === 'string' && value.trim() ? `\n${label}: ${value.trim()}` : '';
}

export const WRITING_TASKS: readonly WritingTask[] = [
  {
    name: 'draft',
    title: 'Draft text',
    description: 'Ask another model to write a first draft from a brief (email, announcement, doc section…).',
    properties: { brief: { type: 'string', minLength: 1, description: 'What to write, for whom, and the points to make.' }, tone: { type: 'string', description: 'e.g. friendly, formal, terse.' }, length: LENGTH },
    required: ['brief'],
    system: 'You are a skilled writer. Write the requested text and nothing else: no preamble, no notes.',
    prompt: (args) => `Write a ${String(args.length)} draft.${optionalLine('Tone', args.tone)}\n\nBrief:\n${String(args.brief)}`,
  },
  {
    name: 'rewrite',
    title: 'Rewrite text',
    description: 'Ask another model to rewrite a text following instructions (shorter, clearer, another register…).',
    properties: { text: { type: 'string', minLength: 1 }, instructions: { type: 'string', minLength: 1, description: 'How to change it.' } },
    required: ['text', 'instructions'],
    system: 'You are an editor. Return only the rewritten text, keeping its meaning unless told otherwise.',
    prompt: (args) => `Instructions: ${String(args.instructions)}\n\nText:\n${String(args.text)}`,
  },
  {
    name: 'translate',
    title: 'Translate text',
    description: 'Ask another model to translate a text, keeping formatting (Markdown, code, placeholders) intact.',
    properties: { text: { type: 'string', minLength: 1 }, target_language: { type: 'string', minLength: 1, description: 'e.g. French, ja, Brazilian Portuguese.' }, source_language: { type: 'string', description: 'Detected when omitted.' } },
    required: ['text', 'target_language'],
    system: 'You are a professional translator. Return only the translation; keep Markdown, code and placeholders unchanged.',
    prompt: (args) => `Translate into ${String(args.target_language)}.${optionalLine('Source language', args.source_language)}\n\nText:\n${String(args.text)}`,
  },
  {
    name: 'summarise',
    title: 'Summarise text',
    description: 'Ask another model to summarise a text.',
    properties: { text: { type: 'string', minLength: 1 }, length: { ...LENGTH, default: 'short' }, focus: { type: 'string', description: 'What the summary should concentrate on.' } },
    required: ['text'],
    system: 'You summarise faithfully: no facts that are not in the text. Return only the summary.',
    prompt: (args) => `Write a ${String(args.length)} summary.${optionalLine('Focus on', args.focus)}\n\nText:\n${String(args.text)}`,
  },
];
