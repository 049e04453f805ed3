import { readFileSync } from 'node:fs';
import { LAYERS_NARROWEST_FIRST, type LayerName, type Layers } from '../layers/layers';

/** Where a server's configuration came from, for the panel and for messages. */
export interface McpServerOrigin {
  /** `settings`: `mcpServers.<name>` in a settings.json; `file`: `mcp/<name>.json`; `bytespike`: wired from a ByteSpike provider. */
  readonly source: 'settings' | 'file' | 'bytespike';
  readonly layer: LayerName | null;
  /** The file, or the ByteSpike provider's name. */
  readonly detail: string | null;
}

interface CommonConfig {
  readonly name: string;
  readonly origin: McpServerOrigin;
  /** Per tool call; the agent's own `agent.toolTimeoutMs` still applies. */
  readonly timeoutMs?: number;
}

export type McpServerConfig = CommonConfig & (
  | { readonly kind: 'stdio'; readonly command: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly cwd?: string }
  | { readonly kind: 'http'; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly transport: 'auto' | 'streamable-http' | 'sse' }
);

export interface McpConfigProblem {
  readonly name: string;
  readonly origin: McpServerOrigin;
  readonly reason: string;
}

const SERVER_NAME = /^[A-Za-z0-9_-]{1,40}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || Object.values(value).some((item) => typeof item !== 'string')) throw new Error(`${field} must be an object of strings`);
  return value as Record<string, string>;
}

function readTimeout(raw: Record<string, unknown>): { timeoutMs?: number } {
  if (raw.timeoutMs === undefined) return {};
  if (!Number.isInteger(raw.timeoutMs) || (raw.timeoutMs as number) <= 0) throw new Error('timeoutMs must be a positive whole number');
  return { timeoutMs: raw.timeoutMs as number };
}

/** One entry in Claude Desktop's shape (`command`/`args`/`env`, or `url`/`headers`), or why it cannot be used. */
export function readServerConfig(name: string, raw: unknown, origin: McpServerOrigin): McpServerConfig | McpConfigProblem {
  try {
    if (!SERVER_NAME.test(name)) throw new Error('the name may hold only letters, digits, _ and - (at most 40)');
    if (!isRecord(raw)) throw new Error('must be an object with command (stdio) or url (HTTP)');
    if (typeof raw.command === 'string' && raw.command.trim()) {
      if (raw.args !== undefined && (!Array.isArray(raw.args) || raw.args.some((arg) => typeof arg !== 'string'))) throw new Error('args must be an array of strings');
      if (raw.cwd !== undefined && typeof raw.cwd !== 'string') throw new Error('cwd must be a string');
      return { name, origin, kind: 'stdio', command: raw.command, args: (raw.args as string[] | undefined) ?? [], env: stringMap(raw.env, 'env'), ...(raw.cwd ? { cwd: raw.cwd as string } : {}), ...readTimeout(raw) };
    }
    if (typeof raw.url === 'string') {
      const url = new URL(raw.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('url must be http(s)');
      const transport = raw.transport ?? 'auto';
      if (transport !== 'auto' && transport !== 'streamable-http' && transport !== 'sse') throw new Error('transport must be auto, streamable-http or sse');
      return { name, origin, kind: 'http', url: url.href, headers: stringMap(raw.headers, 'headers'), transport, ...readTimeout(raw) };
    }
    throw new Error('needs command (a program to start) or url (an HTTP server)');
  } catch (error) {
    return { name, origin, reason: (error as Error).message };
  }
}

function layerRank(layer: LayerName | null): number {
  return layer === null ? LAYERS_NARROWEST_FIRST.length : LAYERS_NARROWEST_FIRST.indexOf(layer);
}

/**
 * Every server configured in the layers: `mcpServers.<name>` in any settings.json (merged key
 * by key) and `mcp/<name>.json` files (narrowest layer wins). When both name a server, the
 * narrower layer wins; a disabled entry (`"disabled": true`) is left out.
 */
export function readLayerServerConfigs(layers: Layers): { configs: McpServerConfig[]; problems: McpConfigProblem[] } {
  const candidates = new Map<string, { raw: unknown; origin: McpServerOrigin; rank: number }>();
  const offer = (name: string, raw: unknown, origin: McpServerOrigin) => {
    const rank = layerRank(origin.layer);
    const known = candidates.get(name);
    if (!known || rank < known.rank || (rank === known.rank && origin.source === 'file')) candidates.set(name, { raw, origin, rank });
  };
  const section = layers.settings().mcpServers;
  if (isRecord(section)) for (const [name, raw] of Object.entries(section)) {
    const setting = layers.get(`mcpServers.${name}`);
    offer(name, raw, { source: 'settings', layer: setting.layer ?? setting.sources[0] ?? null, detail: setting.file });
  }
  for (const entry of layers.list('mcp/')) {
    if (entry.type !== 'file' || !entry.name.endsWith('.json')) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(entry.path, 'utf8'));
    } catch (error) {
      raw = { invalid: `cannot be read as JSON: ${(error as Error).message}` };
    }
    offer(entry.name.slice(0, -'.json'.length), raw, { source: 'file', layer: entry.layer, detail: entry.path });
  }
  const configs: McpServerConfig[] = [];
  const problems: McpConfigProblem[] = [];
  for (const [name, { raw, origin }] of [...candidates].sort(([a], [b]) => a.localeCompare(b))) {
    if (isRecord(raw) && raw.disabled === true) continue;
    const read = isRecord(raw) && typeof raw.invalid === 'string' ? { name, origin, reason: raw.invalid } : readServerConfig(name, raw, origin);
    if ('kind' in read) configs.push(read);
    else problems.push(read);
  }
  return { configs, problems };
}
