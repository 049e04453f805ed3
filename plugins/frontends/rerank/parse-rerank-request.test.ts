import { describe, expect, it } from 'vitest';
import { MAX_RERANK_DOCUMENTS, parseRerankRequest, searchesFor } from './parse-rerank-request';

describe('parseRerankRequest', () => {
  it('scores strings as they are and objects by their text, keeping what the client sent', () => {
    const documents = ['plain', { text: 'titled', id: 7 }];
    expect(parseRerankRequest({ model: 'm', query: 'q', documents, top_n: 2, return_documents: true })).toEqual({
      model: 'm', query: 'q', documents, texts: ['plain', 'titled'], topN: 2, returnDocuments: true,
    });
    expect(parseRerankRequest({ model: 'm', query: 'q', documents: ['a'] }).returnDocuments).toBe(false);
  });

  it('prices one search per hundred documents', () => {
    expect([searchesFor(1), searchesFor(100), searchesFor(101)]).toEqual([1, 1, 2]);
  });

  it.each([
    ['a body that is not an object', null, 'body'],
    ['no model', { query: 'q', documents: ['a'] }, 'model'],
    ['an empty query', { model: 'm', query: '', documents: ['a'] }, 'query'],
    ['no documents', { model: 'm', query: 'q', documents: [] }, 'documents'],
    ['documents that are not an array', { model: 'm', query: 'q', documents: 'a' }, 'documents'],
    ['too many documents', { model: 'm', query: 'q', documents: Array.from({ length: MAX_RERANK_DOCUMENTS + 1 }, () => 'd') }, 'documents'],
    ['an empty document', { model: 'm', query: 'q', documents: ['a', ''] }, 'documents.1'],
    ['a number as a document', { model: 'm', query: 'q', documents: ['a', 'b', 3] }, 'documents.2'],
    ['an empty object as a document', { model: 'm', query: 'q', documents: [{}] }, 'documents.0'],
    ['an object without a text string', { model: 'm', query: 'q', documents: ['a', { title: 'no text field' }] }, 'documents.1'],
    ['an object whose text is not a string', { model: 'm', query: 'q', documents: [{ text: 42 }] }, 'documents.0'],
    ['an array as a document', { model: 'm', query: 'q', documents: [['a']] }, 'documents.0'],
    ['a top_n of zero', { model: 'm', query: 'q', documents: ['a'], top_n: 0 }, 'top_n'],
    ['return_documents as a string', { model: 'm', query: 'q', documents: ['a'], return_documents: 'yes' }, 'return_documents'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(() => parseRerankRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_RERANK_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });
});
