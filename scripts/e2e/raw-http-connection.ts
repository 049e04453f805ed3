import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 answer read off a raw connection. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * One keep-alive connection driven by hand: requests are written when the test says, on the
 * same socket, so a request can arrive on a connection the server accepted before it began to
 * stop (fetch's pool picks connections on its own). Answers must carry a content-length.
 */
export interface RawHttpConnection {
  /** `unfinished`: only the first half of the body is written, as by a client still uploading it. */
  send(request: { method: string; path: string; headers?: Record<string, string>; body?: string; unfinished?: boolean }): void;
  /** Everything answered until the server closed the connection. */
  closed(): Promise<RawAnswer[]>;
}

function parseAnswers(bytes: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = bytes;
  while (rest.length) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine, ...lines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    answers.push({ status: Number(statusLine!.split(' ')[1]), headers, body: rest.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8') });
    rest = rest.subarray(headEnd + 4 + length);
  }
  return answers;
}

export function openRawHttpConnection(url: string): Promise<RawHttpConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<RawAnswer[]>((done) => socket.once('close', () => done(parseAnswers(Buffer.concat(chunks)))));
    socket.once('error', reject);
    socket.once('connect', () => resolve({
      send({ method, path, headers = {}, body, unfinished }) {
        const head = { host: `${hostname}:${port}`, ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) };
        const sent = body === undefined ? '' : unfinished ? body.slice(0, body.length >> 1) : body;
        socket.write(`${method} ${path} HTTP/1.1\r\n${Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${sent}`);
      },
      closed: () => closed,
    }));
  });
}
