import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Logger } from '../../../kernel/logger';
import type { AgentTool, ToolSource } from '../agent/tool-source';
import type { Layers } from '../layers/layers';
import type { ProviderSlot } from '../providers/dosia-provider';
import { byteSpikeToolServers } from './bytespike-tool-servers';
import { mcpHostErrors } from './errors';
import { resolveLoginShellPath } from './login-shell-path';
import { type McpServerConfig, readLayerServerConfigs } from './mcp-server-config';
import { mcpToolName } from './mcp-tool-name';
import { createServerConnection, type McpServerStatus, type RestartPolicy, type ServerConnection } from './server-connection';
import { DEFAULT_MAX_RESULT_CHARACTERS, toolResultOutput } from './tool-result-output';

export interface McpHostOptions {
  readonly startTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly shellPathTimeoutMs: number;
  readonly maxResultCharacters: number;
  readonly restart: RestartPolicy;
}

export const DEFAULT_MCP_HOST_OPTIONS: McpHostOptions = {
  startTimeoutMs: 15_000,
  callTimeoutMs: 10 * 60_000,
  shellPathTimeoutMs: 5_000,
  maxResultCharacters: DEFAULT_MAX_RESULT_CHARACTERS,
  restart: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5, stableMs: 60_000 },
};

export interface McpHostDependencies {
  readonly layers: Layers;
  /** When present, a signed-in ByteSpike provider wires its tool servers. */
  readonly providers?: ProviderSlot | undefined;
  readonly logger: Logger;
  /** For `$SHELL` and the fallback PATH. */
  readonly env: NodeJS.ProcessEnv;
  readonly options?: Partial<McpHostOptions>;
}

/**
 * The `mcp` capability: DOSIA as an MCP host. Servers start on first use (the agent listing
 * its tools, the panel asking for statuses) and follow the layers as they change.
 */
export interface McpHost {
  /** Every configured server, started or not, denied and invalid ones included. */
  servers(): Promise<readonly McpServerStatus[]>;
  /** The server's last stderr lines (and DOSIA's own notes about it), oldest first. */
  stderr(name: string): readonly string[];
  restart(name: string): Promise<void>;
  /** Called when any server's state or tool list changes. */
  onChange(listener: () => void): () => void;
  /** Every running server's tools as `mcp__<server>__<tool>`, for the agent loop. */
  readonly toolSource: ToolSource;
  close(): Promise<void>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    mcp: McpHost;
  }
}

export function createMcpHost(dependencies: McpHostDependencies): McpHost {
  const { layers, logger } = dependencies;
  const options = { ...DEFAULT_MCP_HOST_OPTIONS, ...dependencies.options };
  const connections = new Map<string, { connection: ServerConnection; fingerprint: string }>();
  let blocked: McpServerStatus[] = [];
  const listeners = new Set<() => void>();
  const toolTargets = new Map<string, { connection: ServerConnection; tool: string }>();
  let loginPath: Promise<string> | undefined;
  let unwatch: (() => void) | undefined;
  let closed = false;

  const notify = () => listeners.forEach((listener) => listener());

  async function stdioEnvironment(own: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    loginPath ??= resolveLoginShellPath({ shell: dependencies.env.SHELL, fallback: dependencies.env.PATH ?? '', timeoutMs: options.shellPathTimeoutMs });
    return { ...getDefaultEnvironment(), PATH: await loginPath, ...own };
  }

  function wantedServers(): McpServerConfig[] {
    const { configs, problems } = readLayerServerConfigs(layers);
    const wired = byteSpikeToolServers(dependencies.providers?.configs() ?? []).filter((server) => !configs.some((config) => config.name === server.name));
    const invalid = problems.map((problem): McpServerStatus => ({ name: problem.name, kind: 'stdio', origin: problem.origin, state: 'invalid', transport: null, tools: [], restarts: 0, lastError: problem.reason, pid: null }));
    const wanted: McpServerConfig[] = [];
    const denied: McpServerStatus[] = [];
    for (const config of [...configs, ...wired]) {
      const denial = layers.denial('mcpServers', config.name);
      if (denial) denied.push({ name: config.name, kind: config.kind, origin: config.origin, state: 'denied', transport: null, tools: [], restarts: 0, lastError: denial, pid: null });
      else wanted.push(config);
    }
    blocked = [...invalid, ...denied];
    return wanted;
  }

  /** Starts servers that appeared or changed, stops those that went away or became denied. */
  async function sync(): Promise<void> {
    if (closed) return;
    const wanted = new Map(wantedServers().map((config) => [config.name, config]));
    const stopping: Promise<void>[] = [];
    for (const [name, { connection, fingerprint }] of connections) {
      const config = wanted.get(name);
      if (config && JSON.stringify(config) === fingerprint) continue;
      connections.delete(name);
      stopping.push(connection.stop());
    }
    await Promise.all(stopping);
    for (const [name, config] of wanted) {
      if (connections.has(name)) continue;
      const connection = createServerConnection(config, { startTimeoutMs: options.startTimeoutMs, callTimeoutMs: options.callTimeoutMs, restart: options.restart, stdioEnvironment, logger, onChange: notify });
      connections.set(name, { connection, fingerprint: JSON.stringify(config) });
      connection.start();
    }
    notify();
  }

  /** The first use starts the servers and follows layer changes from then on. */
  async function ensureStarted(): Promise<void> {
    if (!unwatch && !closed) {
      unwatch = layers.onChange(() => void sync().catch((error: unknown) => logger.error({ err: error }, 'MCP server sync failed')));
      await sync();
    }
    await Promise.all([...connections.values()].map(({ connection }) => connection.settled()));
  }

  function connectionNamed(name: string): ServerConnection {
    const entry = connections.get(name);
    if (!entry) throw mcpHostErrors.create('BSK_MCPHOST_UNKNOWN_SERVER', { name });
    return entry.connection;
  }

  const toolSource: ToolSource = {
    name: 'mcp',
    async list() {
      await ensureStarted();
      toolTargets.clear();
      const tools: AgentTool[] = [];
      for (const { connection } of connections.values()) {
        if (connection.status().state !== 'running') continue;
        for (const tool of connection.tools()) {
          const name = mcpToolName(connection.config.name, tool.name);
          toolTargets.set(name, { connection, tool: tool.name });
          tools.push({ name, description: `${tool.description ?? tool.title ?? tool.name} (MCP server ${connection.config.name})`, inputSchema: tool.inputSchema });
        }
      }
      return tools;
    },
    async call(name, input, signal) {
      const target = toolTargets.get(name);
      if (!target) throw mcpHostErrors.create('BSK_MCPHOST_UNKNOWN_TOOL', { tool: name });
      const args = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
      return toolResultOutput(await target.connection.callTool(target.tool, args, signal), options.maxResultCharacters);
    },
  };

  return {
    async servers() {
      await ensureStarted();
      return [...[...connections.values()].map(({ connection }) => connection.status()), ...blocked].sort((a, b) => a.name.localeCompare(b.name));
    },
    stderr: (name) => connectionNamed(name).stderr(),
    async restart(name) {
      const connection = connectionNamed(name);
      await connection.stop();
      connection.start();
      await connection.settled();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    toolSource,
    async close() {
      closed = true;
      unwatch?.();
      await Promise.all([...connections.values()].map(({ connection }) => connection.stop()));
      connections.clear();
    },
  };
}
