import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namesEventsByType, type Reply, type SseFrame, type SseFraming } from './reply';
import { SimRequestError } from './sim-request-error';

const FIXTURE_NAME = /^[a-z0-9_-]+\/[a-zA-Z0-9_.-]+$/;

/**
 * The recordings in `fixtures/`: `NAME.json` is one response body, `NAME.chunks.txt` one SSE
 * payload per line. The folder sits beside this file; from the build (`dist/`) the source
 * tree's copy is used.
 */
export function defaultFixturesDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'fixtures'), join(here, '..', 'scripts', 'upstream-sim', 'fixtures')];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}

/** The HTTP status a recorded body was answered with: error recordings carry it in their shape. */
function recordedStatus(body: unknown): number {
  const error = (body as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  if (!error) return 200;
  if (typeof error.code === 'number') return error.code;
  return error.type === 'overloaded_error' ? 529 : 400;
}

export class FixtureStore {
  constructor(private readonly directory: string) {}

  private read(name: string, extension: string): Buffer {
    if (!FIXTURE_NAME.test(name)) throw new SimRequestError(400, `simulator: bad fixture name "${name}" (expected folder/name)`);
    const file = join(this.directory, `${name}${extension}`);
    if (!existsSync(file)) throw new SimRequestError(404, `simulator: no recording ${name}${extension}`);
    return readFileSync(file);
  }

  /** The recorded body, byte for byte, with the status it was answered with. */
  jsonReply(name: string): Reply {
    const body = this.read(name, '.json');
    return { kind: 'raw', status: recordedStatus(JSON.parse(body.toString('utf8'))), contentType: 'application/json', body };
  }

  /** The recorded stream: each line becomes one event's data, unchanged. */
  streamReply(name: string, framing: SseFraming): Reply {
    const lines = this.read(name, '.chunks.txt').toString('utf8').split('\n').filter((line) => line.trim() !== '');
    const frames: SseFrame[] = lines.map((line) => (namesEventsByType(framing) ? { event: String((JSON.parse(line) as { type?: unknown }).type), data: line } : { data: line }));
    if (framing === 'openai') frames.push({ data: '[DONE]' });
    return { kind: 'sse', framing, frames };
  }

  /** The recorded body of a named file, parsed: for answers the real API gives verbatim. */
  readJson(name: string): unknown {
    return JSON.parse(this.read(name, '.json').toString('utf8'));
  }
}
