/** A vector as OpenAI's `base64` format sends it: little-endian float32 bytes, base64-encoded. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

export function toEmbeddingsResponse(input: { model: string; vectors: readonly (readonly number[])[]; encodingFormat: 'float' | 'base64'; inputTokens: number }) {
  return {
    object: 'list',
    data: input.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: input.encodingFormat === 'base64' ? encodeFloat32Base64(vector) : vector })),
    model: input.model,
    usage: { prompt_tokens: input.inputTokens, total_tokens: input.inputTokens },
  };
}
