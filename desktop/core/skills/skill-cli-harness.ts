import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../../../kernel/cli/command';
import { parseArgs } from '../../../kernel/cli/parse-args';
import { bootKernel, type Kernel } from '../../../kernel/kernel';
import { createLogger } from '../../../kernel/logger';
import { dosiaProfile } from '../../../kernel/profiles/dosia';

/** The plugins the skill commands need; the rest of the DOSIA profile stays out of these tests. */
const PLUGINS = ['dosia-layers', 'dosia-providers', 'dosia-conversations', 'dosia-agent', 'dosia-skills'];

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A DOSIA kernel over real layer folders (home, a project with `.dosia/`, Enterprise), driven like the CLI. */
export interface SkillCliHarness {
  readonly base: string;
  readonly home: string;
  readonly work: string;
  readonly project: string;
  readonly enterprise: string;
  readonly kernel: Kernel;
  write(path: string, contents: unknown): void;
  cli(...argv: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startSkillCli(settings: Record<string, unknown>): Promise<SkillCliHarness> {
  const base = mkdtempSync(join(tmpdir(), 'dosia-skills-'));
  const write = (path: string, contents: unknown) => {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  };
  write('home/settings.json', settings);
  write('work/.dosia/settings.json', {});
  mkdirSync(join(base, 'enterprise'));
  const home = join(base, 'home');
  const work = join(base, 'work');
  const env = { DOSIA_HOME: home, DOSIA_ENTERPRISE_DIR: join(base, 'enterprise'), PATH: process.env.PATH };
  const kernel = await bootKernel({ profile: dosiaProfile, env, cwd: work, dataDir: home, logger: createLogger({ level: 'silent' }), only: (plugin) => PLUGINS.includes(plugin.manifest.name) });
  return {
    base, home, work, project: join(work, '.dosia'), enterprise: join(base, 'enterprise'), kernel, write,
    async cli(...argv) {
      // As runCli does: the command name off, the command's booleans and aliases on.
      const [name, ...rest] = argv;
      const command = kernel.registry.contributions('cli-command').find((candidate) => candidate.name === name)!;
      let out = '';
      let err = '';
      const io: CliIo = { out: (text) => void (out += text), err: (text) => void (err += text), isTty: false };
      const code = await command.run(parseArgs(rest, { booleans: command.booleans ?? [], aliases: { ...command.aliases } }), io, kernel);
      return { code, out, err };
    },
    async close() {
      await kernel.dispose();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** A pass-through proxy in front of the gateway that remembers every request's headers. */
export async function startCaptureProxy(target: string): Promise<{ url: string; requests: CapturedRequest[]; close(): Promise<void> }> {
  const requests: CapturedRequest[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
