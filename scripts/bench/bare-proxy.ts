#!/usr/bin/env node
/**
 * A bare Node proxy, the floor under the gateway benchmark's figures: node:http server and
 * keep-alive node:http client, the JSON body parsed and its model set, the answer relayed
 * (buffered when JSON, piped when SSE). What any Node gateway adds before doing anything of
 * its own. Runs in its own process, as the gateway does:
 *
 *   node dist/bench/bare-proxy.js --port 18891 --upstream http://127.0.0.1:18890/openai/v1/chat/completions [--model gpt-5.4-nano]
 *
 * `GET /health` answers 200 (readiness).
 */
import { Agent, createServer, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' }, model: { type: 'string', default: 'gpt-5.4-nano' } } });
if (!values.port || !values.upstream) {
  process.stderr.write('bare-proxy: --port and --upstream are required\n');
  process.exit(2);
}
const upstream = values.upstream;
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

createServer((incoming, outgoing) => {
  if (incoming.method === 'GET') {
    outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const body = JSON.stringify({ ...(JSON.parse(Buffer.concat(chunks).toString()) as object), model: values.model });
    const call = request(upstream, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: incoming.headers.authorization ?? '', 'content-length': Buffer.byteLength(body) },
    }, (answer) => {
      const type = answer.headers['content-type'] ?? 'application/json';
      if (type.includes('text/event-stream')) {
        outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': type });
        answer.pipe(outgoing);
        return;
      }
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => {
        const bytes = Buffer.concat(parts);
        outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': type, 'content-length': bytes.length });
        outgoing.end(bytes);
      });
    });
    call.on('error', () => outgoing.writeHead(502).end());
    call.end(body);
  });
}).listen(Number(values.port), '127.0.0.1');
