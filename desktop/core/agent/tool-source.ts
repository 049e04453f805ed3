import type { ToolDefinition } from '../../../kernel/canonical/request';

/** A tool the model may call: its definition, plus what a permission rule matches against. */
export interface AgentTool extends ToolDefinition {
  /**
   * The target inside the permission action `name(target)`, e.g. the relative path for
   * `write_file(src/a.ts)`. Without it the action is `name()`, which `name(*)` still matches.
   */
  permissionTarget?(input: unknown): string;
}

/** An image a tool returned (MCP image content), base64. */
export interface ToolImage {
  readonly mediaType: string;
  readonly data: string;
}

export interface ToolOutput {
  readonly content: string;
  /** The model sees these with the result (in the tool result on Anthropic; in a user message right after on OpenAI). */
  readonly images?: readonly ToolImage[];
  readonly isError?: boolean;
}

/**
 * Where tools come from: the built-in file tools, MCP servers (the MCP host), skills. A
 * source lists its tools and runs one by name; `signal` aborts on cancel and on timeout.
 * A thrown error becomes an error result the model sees.
 */
export interface ToolSource {
  /** `builtin`, `mcp:github`, `skill:review`. */
  readonly name: string;
  list(): Promise<readonly AgentTool[]> | readonly AgentTool[];
  call(name: string, input: unknown, signal: AbortSignal): Promise<ToolOutput>;
}

/** The `agent-tools` capability: plugins add their tool sources; the handle removes one. */
export interface ToolRegistry {
  add(source: ToolSource): () => void;
  sources(): readonly ToolSource[];
}

export function createToolRegistry(): ToolRegistry {
  const sources = new Set<ToolSource>();
  return {
    add(source) {
      sources.add(source);
      return () => void sources.delete(source);
    },
    sources: () => [...sources],
  };
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    'agent-tools': ToolRegistry;
  }
}
