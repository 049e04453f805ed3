/** The parts of the Gemini API wire format this provider reads and writes. */

export interface GeminiFunctionCall {
  name?: string;
  args?: Record<string, unknown>;
  /** Streamed arguments (`streamFunctionCallArguments`): one JSON path and value per entry. */
  partialArgs?: GeminiPartialArg[];
  willContinue?: boolean;
}

export interface GeminiPartialArg {
  jsonPath: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: unknown;
  willContinue?: boolean;
}

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: { name: string; response: Record<string, unknown> };
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parametersJsonSchema?: Record<string, unknown>;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

/** Gemini 3's thinking depths; each model takes some of them (3 Pro: `low`, `high`). */
export type GeminiThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';

/** `thinkingBudget` (2.5) or `thinkingLevel` (3), never both: the API refuses the pair (400). */
export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  /** Tokens the model may think for: 0 turns thinking off where the model allows it, -1 lets it decide. */
  thinkingBudget?: number;
  thinkingLevel?: GeminiThinkingLevel;
}

export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] } };
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

/** One `generateContent` body, or one chunk of `streamGenerateContent`: the same shape. */
export interface GeminiResponseChunk {
  candidates?: { content?: { parts?: GeminiPart[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  /** The model that answered (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse), on every chunk. */
  modelVersion?: unknown;
  responseId?: string;
  /** An in-band failure (a stream that breaks after the headers were sent). */
  error?: { code?: number; message?: string; status?: string };
}
