import { describe, expect, it } from 'vitest';
import { BskError } from '../../../kernel/errors';
import { parseMessagesRequest } from './parse-messages-request';

/**
 * What a Messages body holds that only Anthropic can serve is noted while parsing, so the
 * router passes it through to Claude and refuses it on a translated call (see call-provider).
 */
const base = { model: 'openai/gpt-4o', max_tokens: 100 };

function blockersOf(extra: Record<string, unknown>) {
  return parseMessagesRequest({ ...base, messages: [{ role: 'user', content: 'Hi' }], ...extra }).translationBlockers;
}

function userContent(...content: unknown[]) {
  return { messages: [{ role: 'user', content }] };
}

const PNG = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' };

describe('translation blockers of a Messages body', () => {
  it('has none for what the canonical request carries', () => {
    expect(blockersOf({
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }, { type: 'custom', name: 'x', input_schema: { type: 'object' } }],
      ...userContent({ type: 'text', text: 'a' }, { type: 'image', source: PNG }, { type: 'document', source: { type: 'url', url: 'https://x/a.pdf' } }),
    })).toBeUndefined();
  });

  it.each([
    ['an unknown block type', userContent({ type: 'weird' }), 'messages.0.content.0.type',
      "Input tag 'weird' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'tool_result'; other block types reach Anthropic's models only"],
    ['a search_result block', userContent({ type: 'text', text: 'a' }, { type: 'search_result', source: 's', title: 't', content: [{ type: 'text', text: 'x' }] }), 'messages.0.content.1.type', "Input tag 'search_result'"],
    ['a container_upload block', userContent({ type: 'container_upload', file_id: 'file_1' }), 'messages.0.content.0.type', "Input tag 'container_upload'"],
    ['an image from the Files API', userContent({ type: 'image', source: { type: 'file', file_id: 'file_1' } }), 'messages.0.content.0.source.type',
      "file sources are served by Anthropic's Files API only; send the image as base64 or url"],
    ['a document from the Files API', userContent({ type: 'document', source: { type: 'file', file_id: 'file_1' } }), 'messages.0.content.0.source.type',
      "file sources are served by Anthropic's Files API only; send the document as base64, url or text"],
    ['an image source of an unknown kind', userContent({ type: 'image', source: { type: 'hologram' } }), 'messages.0.content.0.source.type', 'source type "hologram" is not one the gateway translates'],
    ['a Files API image in a tool result', { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }] },
      'messages.0.content.0.content.0.source.type', "file sources are served by Anthropic's Files API only"],
    ['a search result in a tool result', { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'search_result', source: 'https://example.com', title: 'x', content: [] }] }] }] },
      'messages.0.content.0.content.0.type', "Input tag 'search_result' found using 'type' does not match any of the expected tags: 'text', 'image', 'document'"],
    ['an unknown assistant block', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: [{ type: 'future_block' }] }] }, 'messages.1.content.0.type',
      "expected tags: 'text', 'tool_use', 'thinking', 'redacted_thinking'"],
    ['the web search server tool', { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }], tool_choice: { type: 'tool', name: 'web_search' } }, 'tools.0',
      '"web_search" (web_search_20250305) runs on Anthropic\'s servers only; remove it, or choose an Anthropic model'],
    ['code execution', { tools: [{ type: 'code_execution_20250825', name: 'code_execution' }] }, 'tools.0', "runs on Anthropic's servers only"],
    ['web fetch', { tools: [{ type: 'web_fetch_20250910', name: 'web_fetch' }] }, 'tools.0', "runs on Anthropic's servers only"],
    ['the bash tool', { tools: [{ name: 'lookup', input_schema: { type: 'object' } }, { type: 'bash_20250124', name: 'bash' }] }, 'tools.1',
      '"bash" (bash_20250124) is defined by Anthropic and only its models know it; for other models declare it as a custom tool with an input_schema'],
    ['the text editor', { tools: [{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }] }, 'tools.0', 'is defined by Anthropic'],
    ['computer use', { tools: [{ type: 'computer_20250124', name: 'computer', display_width_px: 1024, display_height_px: 768 }] }, 'tools.0', 'is defined by Anthropic'],
    ['the memory tool', { tools: [{ type: 'memory_20250818', name: 'memory' }] }, 'tools.0', 'is defined by Anthropic'],
    ['a tool type added later', { tools: [{ type: 'hologram_20270101', name: 'h' }] }, 'tools.0', 'tool type "hologram_20270101" is not one the gateway translates'],
    ['MCP servers', { mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }] }, 'mcp_servers', 'MCP servers are connected by Anthropic\'s servers only'],
  ])('notes %s', (_what, extra, param, reason) => {
    const blockers = blockersOf(extra);
    expect(blockers).toHaveLength(1);
    expect(blockers![0]).toEqual({ param, reason: expect.stringContaining(reason) });
  });

  it('leaves records of server-tool runs in earlier assistant turns out without blocking, so a conversation can change model', () => {
    const request = parseMessagesRequest({ ...base, messages: [
      { role: 'user', content: 'Search the news' },
      { role: 'assistant', content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'x', server_name: 's', input: {} },
        { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_1', content: [] },
        { type: 'text', text: 'Here is the news.' },
      ] },
      { role: 'user', content: 'Thanks' },
    ] });
    expect(request.translationBlockers).toBeUndefined();
    expect(request.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Here is the news.' }] });
  });

  it('still refuses a malformed block of a kind it knows, and a tool type that is not a string', () => {
    const failure = (extra: Record<string, unknown>) => {
      try {
        parseMessagesRequest({ ...base, messages: [{ role: 'user', content: 'Hi' }], ...extra });
      } catch (error) {
        return error as BskError;
      }
      throw new Error('expected a refusal');
    };
    expect(failure({ tools: [{ type: 5, name: 'x' }] })).toMatchObject({ code: 'BSK_MESSAGES_INVALID_REQUEST', details: { param: 'tools.0.type' } });
    expect(failure(userContent({ type: 'image', source: { type: 7 } }))).toMatchObject({ code: 'BSK_MESSAGES_INVALID_REQUEST', details: { param: 'messages.0.content.0.source.type' } });
    expect(failure(userContent({ type: 'tool_result', tool_use_id: 't', content: [{ text: 'no type' }] }))).toMatchObject({ details: { param: 'messages.0.content.0.content.0.type', reason: 'is required' } });
  });
});
