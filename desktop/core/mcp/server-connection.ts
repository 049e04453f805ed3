import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type CallToolResult, CallToolResultSchema, type Tool, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../../kernel/logger';
import { mcpHostErrors } from './errors';
import type { McpServerConfig, McpServerOrigin } from './mcp-server-config';
import { createStderrRing } from './stderr-ring';

export type McpServerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

/** One line of the MCP panel. */
export interface McpServerStatus {
  readonly name: string;
  readonly kind: 'stdio' | 'http';
  readonly origin: McpServerOrigin;
  /** `denied` by Enterprise policy, `invalid` configuration: never started. */
  readonly state: McpServerState | 'denied' | 'invalid';
  readonly transport: 'stdio' | 'streamable-http' | 'sse' | null;
  /** The server's own tool names. */
  readonly tools: readonly string[];
  /** Restarts after a crash or a failed start. */
  readonly restarts: number;
  readonly lastError: string | null;
  readonly pid: number | null;
}

export interface RestartPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive failures before giving up (state `failed`). */
  readonly maxAttempts: number;
  /** A server up this long has its failure count reset. */
  readonly stableMs: number;
}

export interface ConnectionOptions {
  readonly startTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly restart: RestartPolicy;
  /** The environment a stdio server starts with (login-shell PATH, then its own `env`). */
  stdioEnvironment(own: Readonly<Record<string, string>>): Promise<Record<string, string>>;
  readonly logger: Logger;
  onChange(): void;
}

export interface ServerConnection {
  readonly config: McpServerConfig;
  status(): McpServerStatus;
  tools(): readonly Tool[];
  /** Resolves when the start attempt under way (if any) has succeeded or failed. */
  settled(): Promise<void>;
  start(): void;
  callTool(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult>;
  stderr(): string[];
  stop(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function listAllTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * One configured MCP server: started (stdio process or HTTP session), its tools listed and
 * kept fresh on `tools/list_changed`, restarted with exponential backoff when it crashes or
 * will not start, its stderr kept in a ring for the panel.
 */
export function createServerConnection(config: McpServerConfig, options: ConnectionOptions): ServerConnection {
  const ring = createStderrRing();
  const name = config.name;
  let state: McpServerState = 'stopped';
  let client: Client | null = null;
  let transportName: McpServerStatus['transport'] = null;
  let tools: Tool[] = [];
  let lastError: string | null = null;
  let failures = 0;
  let restarts = 0;
  let upSince = 0;
  let pid: number | null = null;
  let stopping = false;
  let attempt: Promise<void> = Promise.resolve();
  let retryTimer: NodeJS.Timeout | undefined;

  const setState = (next: McpServerState) => {
    state = next;
    options.onChange();
  };
  const note = (text: string) => ring.push(`[dosia] ${text}\n`);
  const newClient = () => new Client({ name: 'dosia', version: '0.1.0' });

  async function connectHttp(url: string, headers: Record<string, string>, transport: 'auto' | 'streamable-http' | 'sse', track: (transport: Transport) => void): Promise<Client> {
    if (transport !== 'sse') {
      const streamable = newClient();
      const channel = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
      track(channel);
      try {
        await streamable.connect(channel);
        transportName = 'streamable-http';
        return streamable;
      } catch (error) {
        await streamable.close().catch(() => undefined);
        if (transport === 'streamable-http' || /\b401\b|\b403\b/.test(messageOf(error))) throw error;
        note(`Streamable HTTP failed (${messageOf(error)}); trying the older HTTP+SSE transport`);
      }
    }
    const legacy = newClient();
    const channel = new SSEClientTransport(new URL(url), { requestInit: { headers }, eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } }) } });
    track(channel);
    await legacy.connect(channel);
    transportName = 'sse';
    return legacy;
  }

  async function connect(track: (transport: Transport) => void): Promise<Client> {
    if (config.kind === 'http') return connectHttp(config.url, { ...config.headers }, config.transport, track);
    const channel = new StdioClientTransport({ command: config.command, args: [...config.args], env: await options.stdioEnvironment(config.env), ...(config.cwd ? { cwd: config.cwd } : {}), stderr: 'pipe' });
    channel.stderr?.on('data', (chunk: Buffer) => ring.push(chunk));
    track(channel);
    const stdio = newClient();
    await stdio.connect(channel);
    pid = channel.pid;
    transportName = 'stdio';
    return stdio;
  }

  /** The server's own last stderr line, which usually says why it stopped. */
  function stderrTail(): string {
    const lastLine = ring.lines().filter((line) => !line.startsWith('[dosia]')).at(-1);
    return lastLine ? ` (last stderr: ${lastLine})` : '';
  }

  function failed(reason: string): void {
    lastError = reason;
    options.logger.warn({ mcpServer: name, reason }, 'MCP server failed');
    note(reason);
    // A server that ran a good while before failing starts its backoff afresh.
    failures = upSince && performance.now() - upSince >= options.restart.stableMs ? 1 : failures + 1;
    upSince = 0;
    pid = null;
    if (stopping) return setState('stopped');
    if (failures > options.restart.maxAttempts) return setState('failed');
    const delay = Math.min(options.restart.baseDelayMs * 2 ** (failures - 1), options.restart.maxDelayMs);
    note(`restarting in ${delay} ms (attempt ${failures} of ${options.restart.maxAttempts})`);
    setState('restarting');
    retryTimer = setTimeout(() => {
      restarts += 1;
      attempt = startOnce();
    }, delay);
  }

  function onClosed(closed: Client): void {
    if (closed !== client) return;
    client = null;
    tools = [];
    if (stopping) return setState('stopped');
    failed(`the server exited unexpectedly${stderrTail()}`);
  }

  async function refreshTools(current: Client): Promise<void> {
    try {
      const listed = await listAllTools(current);
      if (current !== client) return;
      tools = listed;
      options.onChange();
    } catch (error) {
      note(`re-listing tools after tools/list_changed failed: ${messageOf(error)}`);
    }
  }

  /** Closings of failed starts still under way. */
  const abandoned = new Set<Promise<void>>();
  function abandon(closing: Promise<unknown>): void {
    const tracked: Promise<void> = closing.then(() => undefined, () => undefined).finally(() => abandoned.delete(tracked));
    abandoned.add(tracked);
  }

  async function startOnce(): Promise<void> {
    if (state !== 'restarting') setState('starting');
    let transport: Transport | undefined;
    const work = (async () => {
      const connected = await connect((channel) => void (transport = channel));
      return { connected, listed: await listAllTools(connected) };
    })();
    try {
      const { connected, listed } = await withTimeout(work, options.startTimeoutMs, () => mcpHostErrors.create('BSK_MCPHOST_START_TIMEOUT', { server: name, timeoutMs: options.startTimeoutMs }));
      if (stopping) return void (await connected.close());
      client = connected;
      tools = listed;
      upSince = performance.now();
      connected.onclose = () => onClosed(connected);
      connected.setNotificationHandler(ToolListChangedNotificationSchema, () => refreshTools(connected));
      setState('running');
    } catch (error) {
      // A start that timed out may still be under way: stop its process or session. Not awaited
      // here (closing a stdio server that ignores its stdin takes the SDK seconds of grace), but
      // `stop()` waits for it, so a host that closes leaves no server process behind.
      abandon(work.then(({ connected }) => connected.close(), () => undefined));
      if (transport) abandon(transport.close());
      failed(`could not start: ${messageOf(error)}${stderrTail()}`);
    }
  }

  return {
    config,
    status: () => ({ name, kind: config.kind, origin: config.origin, state, transport: transportName, tools: tools.map((tool) => tool.name), restarts, lastError, pid }),
    tools: () => tools,
    settled: () => attempt,
    start() {
      if (state !== 'stopped' && state !== 'failed') return;
      stopping = false;
      failures = 0;
      attempt = startOnce();
    },
    async callTool(tool, args, signal) {
      const current = client;
      if (!current || state !== 'running') throw mcpHostErrors.create('BSK_MCPHOST_NOT_RUNNING', { server: name, status: state, reason: lastError ? ` (${lastError})` : '' });
      try {
        return (await current.callTool({ name: tool, arguments: args }, CallToolResultSchema, { signal, timeout: config.timeoutMs ?? options.callTimeoutMs, resetTimeoutOnProgress: true })) as CallToolResult;
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        if (current !== client) throw mcpHostErrors.create('BSK_MCPHOST_SERVER_EXITED', { server: name, tool, reason: lastError ?? messageOf(error) }, { cause: error });
        throw mcpHostErrors.create('BSK_MCPHOST_CALL_FAILED', { server: name, tool, reason: messageOf(error) }, { cause: error });
      }
    },
    stderr: () => ring.lines(),
    async stop() {
      stopping = true;
      clearTimeout(retryTimer);
      const current = client;
      client = null;
      tools = [];
      await current?.close().catch(() => undefined);
      await attempt;
      await Promise.all(abandoned);
      setState('stopped');
    },
  };
}
