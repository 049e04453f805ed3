import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { bootKernel, type Kernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { findRepoRoot } from '../../kernel/paths';
import { dosiaProfile } from '../../kernel/profiles/dosia';
import type { BridgeEvent, BridgeEvents } from '../bridge/bridge-contract';
import { type BridgeService, createBridgeService } from '../bridge/bridge-service';
import { collectCoreServices } from '../bridge/core-services';

/** Real DOSIA folders for tests: DOSIA_HOME (Personal), a project with `.dosia/`, an empty Enterprise root. */
export interface DosiaFolders {
  readonly home: string;
  readonly project: string;
  readonly enterprise: string;
  readonly env: Record<string, string>;
  write(path: string, contents: unknown): void;
  remove(): void;
}

export function createDosiaFolders(files: Record<string, unknown> = {}): DosiaFolders {
  const base = mkdtempSync(join(tmpdir(), 'dosia-desktop-'));
  const write = (path: string, contents: unknown) => {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  };
  for (const [path, contents] of Object.entries({ 'home/settings.json': {}, 'work/.dosia/settings.json': {}, ...files })) write(path, contents);
  mkdirSync(join(base, 'enterprise'));
  const home = join(base, 'home');
  const enterprise = join(base, 'enterprise');
  return {
    home,
    project: join(base, 'work'),
    enterprise,
    env: { DOSIA_HOME: home, DOSIA_ENTERPRISE_DIR: enterprise, LOG_LEVEL: 'silent' },
    write,
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** The `dosia` profile booted in this process over those folders, and the bridge service on top. */
export async function bootDosiaBridge(folders: DosiaFolders): Promise<{ kernel: Kernel; service: BridgeService; events: BridgeEventLog; close(): Promise<void> }> {
  const kernel = await bootKernel({ profile: dosiaProfile, env: { PATH: process.env.PATH, ...folders.env }, cwd: folders.project, dataDir: folders.home, logger: createLogger({ level: 'silent' }) });
  const services = collectCoreServices(kernel.use('layers'), (capability) => (kernel.registry.has(capability) ? kernel.use(capability) : undefined));
  const service = createBridgeService({ services, shell: 'web', version: '0.0.0-test', dataDir: folders.home, logger: kernel.logger });
  const events = new BridgeEventLog();
  service.subscribe((event, payload) => events.push(event, payload));
  return {
    kernel,
    service,
    events,
    async close() {
      await service.close();
      await kernel.dispose();
    },
  };
}

/** Every bridge event, in order, for assertions. */
export class BridgeEventLog {
  readonly all: { event: BridgeEvent; payload: unknown }[] = [];
  push(event: BridgeEvent, payload: unknown): void {
    this.all.push({ event, payload });
  }
  of<E extends BridgeEvent>(event: E, turnId?: string): BridgeEvents[E][] {
    return this.all.filter((entry) => entry.event === event && (turnId === undefined || (entry.payload as { turnId?: string }).turnId === turnId)).map((entry) => entry.payload as BridgeEvents[E]);
  }
}

/** Builds the CLI and renderer unless a build is already there (`npm test` builds first). */
export function ensureBuilt(): string {
  const root = findRepoRoot();
  if (!existsSync(join(root, 'dist', 'dosia.js')) || !existsSync(join(root, 'dist', 'desktop', 'renderer', 'index.html'))) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
  return root;
}

/** `node dist/dosia.js web --port 0` as a user starts it; resolves with the URL it prints first. */
export async function spawnDosiaWeb(folders: DosiaFolders): Promise<{ url: string; child: ChildProcessWithoutNullStreams; stop(): Promise<number | null> }> {
  const root = ensureBuilt();
  const child = spawn(process.execPath, [join(root, 'dist', 'dosia.js'), 'web', '--port', '0'], { cwd: folders.project, env: { PATH: process.env.PATH, ...folders.env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`dosia web exited with ${code}: ${stderr}`)));
  });
  return {
    url: firstLine,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
