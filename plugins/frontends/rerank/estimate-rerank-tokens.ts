import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';

/**
 * The tokens a rerank takes, estimated as input text elsewhere is (`estimateTextTokens`): a
 * reranker reads the query beside each document, so the query counts once per document, plus
 * the documents, which is how Voyage counts them ("the number of query tokens × the number of
 * documents + sum of the number of tokens in all documents",
 * https://docs.voyageai.com/reference/reranker-api). It is the tokens-per-minute hold, and the
 * count of an upstream that reports none.
 */
export function estimateRerankTokens(query: string, documents: readonly string[]): number {
  let tokens = estimateTextTokens(query) * documents.length;
  for (const document of documents) tokens += estimateTextTokens(document);
  return tokens;
}
