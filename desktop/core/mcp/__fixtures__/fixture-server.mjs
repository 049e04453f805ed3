// A small third-party MCP server over stdio for the host tests; its behaviour is set by FIXTURE_MODE.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const mode = process.env.FIXTURE_MODE ?? 'normal';
process.stderr.write(`fixture server ${process.pid} starting in ${mode} mode\n`);
if (mode === 'exit-at-start') {
  process.stderr.write('fatal: no configuration found\n');
  process.exit(3);
}
if (mode === 'hang-at-start') setInterval(() => undefined, 1000);
else {
  const tools = [
    { name: 'echo', description: 'Echo the text', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    { name: 'crash', description: 'Exit in the middle of the call', inputSchema: { type: 'object' } },
    { name: 'huge', description: 'A very large answer', inputSchema: { type: 'object' } },
    { name: 'hang', description: 'Never answers', inputSchema: { type: 'object' } },
    { name: 'path', description: 'The PATH it was started with', inputSchema: { type: 'object' } },
    { name: 'add_tool', description: 'Adds a tool and says so', inputSchema: { type: 'object' } },
  ];
  const server = new Server({ name: 'fixture', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    switch (request.params.name) {
      case 'echo': return { content: [{ type: 'text', text: `echo: ${request.params.arguments?.text}` }] };
      case 'crash':
        process.stderr.write('crashing now: out of cheese\n');
        process.exit(1);
      case 'huge': return { content: [{ type: 'text', text: 'x'.repeat(300_000) }] };
      case 'hang': return new Promise(() => undefined);
      case 'path': return { content: [{ type: 'text', text: process.env.PATH ?? '' }] };
      case 'add_tool':
        tools.push({ name: 'late', description: 'Added later', inputSchema: { type: 'object' } });
        await server.sendToolListChanged();
        return { content: [{ type: 'text', text: 'added' }] };
      default: throw new Error(`unknown tool ${request.params.name}`);
    }
  });
  await server.connect(new StdioServerTransport());
}
