import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../../../kernel/cli/command';
import { runCli } from '../../../kernel/cli/run-cli';
import { createLogger } from '../../../kernel/logger';
import { dosiaProfile } from '../../../kernel/profiles/dosia';
import { createLayers } from '../layers/create-layers';
import type { Layers } from '../layers/layers';

/** Real layer folders for tests: DOSIA_HOME, a project with `.dosia/`, an Enterprise folder. */
export interface TestLayers {
  readonly home: string;
  /** The project folder (the working folder; its `.dosia/` is the Project layer). */
  readonly project: string;
  readonly enterprise: string;
  readonly layers: Layers;
  /** Writes a file under the temporary base (`home/settings.json`, `work/notes.txt`, …); objects as JSON. */
  write(path: string, contents: unknown): void;
  /** The environment the CLI needs to see the same folders. */
  readonly env: Record<string, string>;
  /** Runs `dosia …` in the project folder with these layers, capturing its output. */
  dosia(...argv: string[]): Promise<CliRun>;
  remove(): void;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function createTestLayers(settings: Record<string, unknown> = {}): TestLayers {
  const base = mkdtempSync(join(tmpdir(), 'dosia-core-'));
  const write = (path: string, contents: unknown) => {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  };
  write('home/settings.json', settings);
  write('work/.dosia/settings.json', {});
  mkdirSync(join(base, 'enterprise'));
  const home = join(base, 'home');
  const enterprise = join(base, 'enterprise');
  const env = { DOSIA_HOME: home, DOSIA_ENTERPRISE_DIR: enterprise, LOG_LEVEL: 'silent' };
  const handle = createLayers({ home, cwd: join(base, 'work'), enterpriseDir: enterprise, logger: createLogger({ level: 'silent' }), pollMs: 60_000 });
  return {
    home,
    project: join(base, 'work'),
    enterprise,
    layers: handle.layers,
    write,
    env,
    async dosia(...argv) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = { out: (text) => void (stdout += text), err: (text) => void (stderr += text), isTty: false };
      const code = await runCli(dosiaProfile, argv, io, env, join(base, 'work'));
      return { code, stdout, stderr };
    },
    remove() {
      handle.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A local port nothing listens on (taken, then released), for "cannot connect" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
