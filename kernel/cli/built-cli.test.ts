import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_VARIABLE, readJournal, temporaryFolder, writePlugin } from '../__fixtures__/fixture-plugins';
import { findRepoRoot } from '../paths';
import { gatewayProfile } from '../profiles/gateway';
import { KERNEL_VERSION } from '../version';
import { requireBuild } from '../../scripts/e2e/require-build';

/**
 * The programs a user runs: `dist/bytespike.js` and `dist/dosia.js` as tsup builds them,
 * started as separate processes, from the build `npm test` makes before running vitest.
 */
const root = findRepoRoot();
const bytespike = join(root, 'dist', 'bytespike.js');
const dosia = join(root, 'dist', 'dosia.js');
const runFile = promisify(execFile);

beforeAll(() => {
  requireBuild('bytespike.js', 'dosia.js');
});

let folder: ReturnType<typeof temporaryFolder>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  folder = temporaryFolder();
  // A clean environment: no provider keys, config or plugin folders from the machine running the tests.
  env = { PATH: process.env.PATH, HOME: folder.path, BYTESPIKE_DATA_DIR: join(folder.path, 'data'), DOSIA_HOME: join(folder.path, 'dosia'), LOG_LEVEL: 'warn', [JOURNAL_VARIABLE]: join(folder.path, 'journal.log') };
});
afterEach(() => folder.remove());

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(file: string, argv: readonly string[], cwd = folder.path): Promise<Finished> {
  try {
    const { stdout, stderr } = await runFile(process.execPath, [file, ...argv], { cwd, env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the built programs', () => {
  it('print their version', async () => {
    expect(await run(bytespike, ['--version'])).toEqual({ code: 0, stdout: `bytespike 0.1.0 (kernel ${KERNEL_VERSION})\n`, stderr: '' });
    expect(await run(dosia, ['--version'])).toEqual({ code: 0, stdout: `dosia 0.1.0 (kernel ${KERNEL_VERSION})\n`, stderr: '' });
  });

  it('run through npx from the clone, as the package bin entries', async () => {
    const npx = promisify(execFile);
    const options = { cwd: root, env: { ...env, HOME: process.env.HOME }, timeout: 60_000 };
    expect((await npx('npx', ['--no', '--', 'bytespike', '--version'], options)).stdout).toBe(`bytespike 0.1.0 (kernel ${KERNEL_VERSION})\n`);
    expect((await npx('npx', ['--no', '--', 'dosia', '--version'], options)).stdout).toBe(`dosia 0.1.0 (kernel ${KERNEL_VERSION})\n`);
  });

  it('bytespike plugins list shows every plugin of the gateway profile as a built-in with kind, version and folder', async () => {
    const result = await run(bytespike, ['plugins', 'list']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME +KIND +VERSION +ORIGIN +FOLDER +STATUS$/);
    expect(rows.slice(1).map((row) => row.split(/ +/)[0]).sort()).toEqual([...gatewayProfile.plugins].sort());
    for (const row of rows.slice(1)) expect(row).toMatch(/^\S+ +(provider|frontend|billing|store|feature|tool|host|skill) +\d+\.\d+\.\d+\S* +builtin +plugins\/\S+ +ok$/);
    expect(result.stdout).toMatch(/^http-host +host +\S+ +builtin +plugins\/http +ok$/m);
  });

  it('dosia plugins list exits 0 and lists the DOSIA profile', async () => {
    const result = await run(dosia, ['plugins', 'list', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { plugins: { name: string }[]; refused: unknown[] };
    expect(listed.refused).toEqual([]);
    expect(listed.plugins.map((plugin) => plugin.name)).toEqual(expect.arrayContaining(['dosia-layers']));
  });

  it('boot a third-party plugin from --plugins-dir, run its command, and dispose it', async () => {
    const plugins = join(folder.path, 'plugins');
    writePlugin(plugins, { name: 'probe', command: 'probe' });
    const result = await run(bytespike, ['probe', '--plugins-dir', plugins]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split(',')).toEqual(expect.arrayContaining(['http-host', 'probe']));
    expect(readJournal(env[JOURNAL_VARIABLE]!)).toEqual(['activate probe', 'dispose probe']);
  });

  it('refuse a bad plugin with exactly one line on stderr and exit 2, and list it as refused with exit 2', async () => {
    const plugins = join(folder.path, 'plugins');
    writePlugin(plugins, { name: 'gadget', kind: 'gizmo' });
    const boot = await run(bytespike, ['serve', '--port', '0', '--plugins-dir', plugins]);
    expect(boot.code).toBe(2);
    const manifest = join(plugins, 'gadget', 'plugin.json');
    expect(boot.stderr).toMatch(new RegExp(`^error: plugin gadget: ${manifest}: field kind: must be one of [^\\n]+ \\[BSK_PLUGIN_MANIFEST_INVALID\\]\\n$`));
    const list = await run(bytespike, ['plugins', 'list', '--plugins-dir', plugins]);
    expect(list.code).toBe(2);
    expect(list.stdout).toContain(`refused: ${boot.stderr.slice('error: '.length).trim()}`);
  });
});

describe('bytespike serve', () => {
  let server: ChildProcess | undefined;
  afterEach(() => {
    server?.kill('SIGKILL');
    server = undefined;
  });

  function waitForAddress(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
    });
  }

  it('answers GET /health with 200 and the loaded plugins, then drains and exits 0 on SIGTERM', async () => {
    server = spawn(process.execPath, [bytespike, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: folder.path, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const address = await waitForAddress(server);
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${address}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const health = (await response.json()) as { status: string; plugins: { name: string; version: string; kind: string; origin: string }[] };
    expect(health.status).toBe('ok');
    expect(health.plugins.map((plugin) => plugin.name).sort()).toEqual([...gatewayProfile.plugins].sort());
    expect(health.plugins).toContainEqual({ name: 'http-host', version: expect.any(String), kind: 'host', origin: 'builtin' });

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('takes its port from PORT when --port is not given', async () => {
    const probe = await import('node:net').then(({ createServer }) => new Promise<number>((resolve) => {
      const listener = createServer().listen(0, '127.0.0.1', () => {
        const { port } = listener.address() as { port: number };
        listener.close(() => resolve(port));
      });
    }));
    server = spawn(process.execPath, [bytespike, 'serve'], { cwd: folder.path, env: { ...env, PORT: String(probe) }, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(await waitForAddress(server)).toBe(`http://127.0.0.1:${probe}`);
  });
});
