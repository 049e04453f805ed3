import { deterministicId, estimateTokens } from './deterministic';
import { embeddingVector, encodeFloat32Base64, rankDocuments, type RankedDocument } from './embedding-vectors';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { requireJsonObject } from './read-request-body';
import { jsonReply, type Reply } from './reply';
import type { Route, SimRequest } from './route';
import { SimRequestError } from './sim-request-error';

/** Cohere (v2), Voyage and Jina rerank and embeddings, each in its own wire shape. */

interface RerankRequest {
  readonly model: string;
  readonly query: string;
  readonly documents: string[];
}

/** Documents may be strings or `{ text }` objects (Jina); the text is what gets scored. */
function documentText(document: unknown): string {
  return typeof document === 'string' ? document : asString(asObject(document).text) ?? JSON.stringify(document);
}

function readRerank(body: JsonObject): RerankRequest {
  const query = asString(body.query);
  const documents = asArray(body.documents).map(documentText);
  if (!query) throw new SimRequestError(400, 'query is required');
  if (documents.length === 0) throw new SimRequestError(400, 'documents must contain at least one document');
  return { model: asString(body.model) ?? 'rerank', query, documents };
}

function rerankTokens(request: RerankRequest): number {
  return estimateTokens(request.query) * request.documents.length + request.documents.reduce((sum, text) => sum + estimateTokens(text), 0);
}

function cohereRerank(body: JsonObject): Reply {
  const request = readRerank(body);
  const results = rankDocuments(request.query, request.documents, asNumber(body.top_n));
  return jsonReply({
    id: deterministicId(JSON.stringify(body), 36),
    results: results.map((result) => ({ index: result.index, relevance_score: result.relevanceScore })),
    meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } },
  });
}

function voyageRerank(body: JsonObject): Reply {
  const request = readRerank(body);
  const results = rankDocuments(request.query, request.documents, asNumber(body.top_k));
  const withDocument = (result: RankedDocument): JsonObject => (body.return_documents === true ? { document: result.text } : {});
  return jsonReply({
    object: 'list',
    data: results.map((result) => ({ relevance_score: result.relevanceScore, index: result.index, ...withDocument(result) })),
    model: request.model,
    usage: { total_tokens: rerankTokens(request) },
  });
}

function jinaRerank(body: JsonObject): Reply {
  const request = readRerank(body);
  const results = rankDocuments(request.query, request.documents, asNumber(body.top_n));
  // Jina returns documents unless asked not to.
  const withDocument = (result: RankedDocument): JsonObject => (body.return_documents === false ? {} : { document: { text: result.text } });
  return jsonReply({
    model: request.model,
    usage: { total_tokens: rerankTokens(request) },
    results: results.map((result) => ({ index: result.index, ...withDocument(result), relevance_score: result.relevanceScore })),
  });
}

function embeddingTexts(value: unknown, field: string): string[] {
  const texts = (typeof value === 'string' ? [value] : asArray(value)).map((item) => (typeof item === 'string' ? item : documentText(item)));
  if (texts.length === 0 || texts.some((text) => !text)) throw new SimRequestError(400, `${field} must be a non-empty list of non-empty strings`);
  return texts;
}

function cohereEmbed(body: JsonObject): Reply {
  const texts = embeddingTexts(body.texts ?? body.inputs, 'texts');
  const model = asString(body.model) ?? 'embed-v4.0';
  const dimensions = asNumber(body.output_dimension) ?? (model.startsWith('embed-v4') ? 1536 : 1024);
  const types = asArray(body.embedding_types).map(String);
  const embeddings: JsonObject = {};
  for (const type of types.length > 0 ? types : ['float']) {
    if (type !== 'float') throw new SimRequestError(400, `simulator: embedding type "${type}" is not simulated (only float)`);
    embeddings.float = texts.map((text) => embeddingVector(text, dimensions, model));
  }
  return jsonReply({
    id: deterministicId(JSON.stringify(body), 36),
    texts,
    embeddings,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: texts.reduce((sum, text) => sum + estimateTokens(text), 0) } },
    response_type: 'embeddings_by_type',
  });
}

function voyageEmbed(body: JsonObject): Reply {
  const texts = embeddingTexts(body.input, 'input');
  const model = asString(body.model) ?? 'voyage-3.5';
  const dimensions = asNumber(body.output_dimension) ?? 1024;
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embeddingVector(text, dimensions, model);
    return { object: 'embedding', embedding: base64 ? encodeFloat32Base64(vector) : vector, index };
  });
  return jsonReply({ object: 'list', data, model, usage: { total_tokens: texts.reduce((sum, text) => sum + estimateTokens(text), 0) } });
}

const rerankQuery = (request: SimRequest): string => asString(asObject(request.body).query) ?? '';
const fieldText = (field: string) => (request: SimRequest): string => {
  const value = asObject(request.body)[field];
  return typeof value === 'string' ? value : asArray(value).map(documentText).join('\n');
};

function route(provider: Route['provider'], pattern: RegExp, directiveText: Route['directiveText'], answer: (body: JsonObject) => Reply): Route {
  return { method: 'POST', pattern, provider, ...(directiveText ? { directiveText } : {}), handle: (request) => answer(requireJsonObject(request.body)) };
}

export const rerankAndEmbedRoutes: readonly Route[] = [
  route('cohere', /^\/cohere\/v2\/rerank$/, rerankQuery, cohereRerank),
  route('cohere', /^\/cohere\/v2\/embed$/, fieldText('texts'), cohereEmbed),
  route('voyage', /^\/voyage\/v1\/rerank$/, rerankQuery, voyageRerank),
  route('voyage', /^\/voyage\/v1\/embeddings$/, fieldText('input'), voyageEmbed),
  // Jina's rerank API, served beside OpenAI's like an OpenAI-compatible upstream would.
  route('openai', /^\/openai\/v1\/rerank$/, rerankQuery, jinaRerank),
];
