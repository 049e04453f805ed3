type Body = Readonly<Record<string, unknown>>;

const objectOr = (value: unknown): Body => (value !== null && typeof value === 'object' ? value as Body : {});

/**
 * The request's settings as OpenAI's response object repeats them, with OpenAI's defaults for
 * what the client left out: the official SDK types most of them as always there. Read from the
 * client's body, which parseResponsesRequest has already checked.
 */
export function echoRequestFields(body: Body): Record<string, unknown> {
  const reasoning = objectOr(body.reasoning);
  const text = objectOr(body.text);
  return {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    temperature: body.temperature ?? 1,
    text: { ...text, format: text.format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    // Whatever the client asked, the gateway never drops input items to fit the model's context.
    truncation: 'disabled',
    user: body.user ?? null,
    metadata: body.metadata ?? {},
    // Kept unless the client said not to, as OpenAI does (stored-responses.ts).
    store: body.store !== false,
    previous_response_id: body.previous_response_id ?? null,
  };
}
