import { toolErrors } from '../shared/errors';
import type { McpToolServerDefinition, ToolSpec } from '../shared/tool-server-definition';
import { billedResult, chooseModel, modelsOf } from '../shared/tool-results';
import { WRITING_TASKS, type WritingTask } from './writing-prompts';

interface ChatCompletion {
  readonly model?: string;
  readonly choices?: readonly { readonly message?: { readonly content?: unknown } }[];
}

function answerText(completion: ChatCompletion): string {
  const content = completion.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw toolErrors.create('BSK_TOOLS_MALFORMED_RESPONSE', { endpoint: 'POST /v1/chat/completions', reason: 'no choices[0].message.content' });
  return content;
}

function writingTool(task: WritingTask, chatModels: readonly string[]): ToolSpec {
  return {
    name: task.name,
    title: task.title,
    description: `${task.description} Billed to your ByteSpike key; the result reports its credits.`,
    inputSchema: {
      type: 'object',
      properties: {
        ...task.properties,
        model: { type: 'string', enum: chatModels, description: `The ByteSpike model to ask (default ${chatModels[0]}).` },
        max_tokens: { type: 'integer', minimum: 1, maximum: 32_000, description: 'Longest answer, in tokens.' },
      },
      required: [...task.required],
      additionalProperties: false,
    },
    async run(args, context) {
      const model = chooseModel(args.model, chatModels, 'chat');
      const reply = await context.api.postJson<ChatCompletion>('/v1/chat/completions', {
        model,
        messages: [{ role: 'system', content: task.system }, { role: 'user', content: task.prompt(args) }],
        ...(args.max_tokens === undefined ? {} : { max_tokens: args.max_tokens }),
      }, context.signal);
      const text = answerText(reply.body);
      return billedResult([{ type: 'text', text }], { credits: reply.credits, requestIds: reply.requestId ? [reply.requestId] : [] }, { model, text });
    },
  };
}

/** The "external LLM" tools: another model, any the key may use, writes for the caller. */
export const textWritingTools: McpToolServerDefinition = {
  name: 'text-writing-tools',
  version: '0.1.0',
  description: 'Ask another ByteSpike model to draft, rewrite, translate or summarise text. Each call is billed to your ByteSpike key.',
  tools(models) {
    const chatModels = modelsOf(models, 'chat');
    return chatModels.length === 0 ? [] : WRITING_TASKS.map((task) => writingTool(task, chatModels));
  },
};
