/** Keywords that describe the schema document rather than the value; Gemini's validator refuses some of them. */
const DOCUMENT_KEYWORDS = new Set(['$schema', '$id', '$comment']);

/**
 * Tool and response schemas go to Gemini's `parametersJsonSchema` / `responseJsonSchema`,
 * which take JSON Schema (incl. `$ref`/`$defs`, `anyOf`, type arrays) rather than the older
 * OpenAPI-subset `parameters`. Only the document-level keywords are removed, at the root,
 * where clients put them; everything else is left for Gemini to judge.
 */
export function convertJsonSchemaForGemini(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).filter(([keyword]) => !DOCUMENT_KEYWORDS.has(keyword)));
}
