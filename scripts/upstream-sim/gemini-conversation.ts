import type { Conversation, StructuredOutput } from './conversation';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

function partsOf(content: unknown): JsonObject[] {
  return asArray(asObject(content).parts).map(asObject);
}

/** Everything in a part the model reads, for the token estimate. */
function partText(part: JsonObject): string {
  if (typeof part.text === 'string') return part.text;
  if (part.functionCall) return JSON.stringify(part.functionCall);
  if (part.functionResponse) return JSON.stringify(part.functionResponse);
  return '';
}

function userText(content: JsonObject): string {
  return partsOf(content).filter((part) => typeof part.text === 'string' && part.thought !== true).map((part) => part.text as string).join('\n');
}

function lastUserText(contents: readonly JsonObject[]): string {
  for (const content of [...contents].reverse()) {
    if ((content.role ?? 'user') !== 'user') continue;
    const text = userText(content);
    if (text) return text;
  }
  return '';
}

function trailingToolResults(contents: readonly JsonObject[]): string[] {
  const last = contents[contents.length - 1];
  if (!last || (last.role ?? 'user') === 'model') return [];
  return partsOf(last).filter((part) => part.functionResponse).map((part) => JSON.stringify(asObject(part.functionResponse).response ?? {}));
}

function declarationsOf(tools: unknown): JsonObject[] {
  return asArray(tools).flatMap((tool) => asArray(asObject(tool).functionDeclarations ?? asObject(tool).function_declarations)).map(asObject);
}

function forcedTool(toolConfig: JsonObject, names: readonly string[]): string | undefined {
  const calling = asObject(toolConfig.functionCallingConfig);
  if (calling.mode !== 'ANY') return undefined;
  return asString(asArray(calling.allowedFunctionNames)[0]) ?? names[0];
}

function structuredOutput(config: JsonObject): StructuredOutput | undefined {
  if (config.responseMimeType !== 'application/json') return undefined;
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return schema ? { kind: 'json-schema', schema } : { kind: 'json-object' };
}

/** Reads a generateContent request; the model comes from the path. */
export function readGeminiConversation(model: string, body: JsonObject): Conversation {
  const contents = asArray(body.contents).map(asObject);
  if (contents.length === 0) throw new SimRequestError(400, '* GenerateContentRequest.contents: contents is not specified');
  const declarations = declarationsOf(body.tools).filter((declaration) => asString(declaration.name));
  const names = declarations.map((declaration) => asString(declaration.name)!);
  const config = asObject(body.generationConfig);
  const system = partsOf(body.systemInstruction ?? body.system_instruction).map(partText).join('\n');
  const forced = forcedTool(asObject(body.toolConfig), names);
  const output = structuredOutput(config);
  const maxTokens = asNumber(config.maxOutputTokens);
  return {
    model,
    promptText: lastUserText(contents),
    inputText: [system, ...contents.flatMap((content) => partsOf(content).map(partText)), ...(declarations.length ? [JSON.stringify(declarations)] : [])].join('\n'),
    tools: declarations.map((declaration) => ({ name: asString(declaration.name)!, schema: declaration.parametersJsonSchema ?? declaration.parameters })),
    toolResults: trailingToolResults(contents),
    wantsReasoning: asObject(config.thinkingConfig).includeThoughts === true,
    ...(forced ? { forcedTool: forced } : {}),
    ...(output ? { structuredOutput: output } : {}),
    ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }),
  };
}

/** The last user text of any generateContent request, for directives; never throws. */
export function geminiDirectiveText(body: unknown): string {
  return lastUserText(asArray(asObject(body).contents).map(asObject));
}
