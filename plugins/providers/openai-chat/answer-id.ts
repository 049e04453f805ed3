/** An id with fewer characters of its own than this cannot tell answers apart. */
const DISTINCT_CHARACTERS = 8;
/** A leading word and its separator (`chatcmpl-`, `gen-`): what every id of a server shares. */
const SHARED_PREFIX = /^[A-Za-z]+[-_]/;
const ID_CHARACTER = /[A-Za-z0-9]/g;

function tellsAnswersApart(id: string): boolean {
  return (id.replace(SHARED_PREFIX, '').match(ID_CHARACTER)?.length ?? 0) >= DISTINCT_CHARACTERS;
}

/**
 * The id of one answer, which Messages ids (`msg_<id>`) and the ids of tool calls the server left
 * unnamed (`call_<id>_<n>`) are made from. The upstream's, as sent, where it tells answers apart
 * (OpenAI's, DeepSeek's and Groq's UUIDs, Kimi's, vLLM's, OpenRouter's). A server that sends none
 * (OpenVINO Model Server, https://github.com/openvinotoolkit/model_server/issues/3553; TGI's empty
 * one, https://github.com/huggingface/text-generation-inference/issues/1782) gets the gateway's
 * request id; one whose ids repeat (Ollama's `chatcmpl-<0..998>`, `rand.Intn(999)` in
 * https://github.com/ollama/ollama/blob/main/openai/openai.go) gets it appended. Otherwise two
 * turns would share ids, and a client that keys tool results by id would mix them up. Without a
 * request id (a usage tap counting content) the upstream's stands.
 */
export function answerId(upstreamId: string | null | undefined, requestId: string | undefined): string {
  if (!upstreamId) return requestId ?? '';
  if (requestId === undefined || tellsAnswersApart(upstreamId)) return upstreamId;
  return `${upstreamId}-${requestId}`;
}
