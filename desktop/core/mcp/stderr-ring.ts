/**
 * The last lines a server wrote to stderr, for the MCP panel: bounded in lines and in line
 * length, so a server that floods stderr costs a fixed amount of memory.
 */
export interface StderrRing {
  push(chunk: string | Buffer): void;
  /** Oldest first; a partial last line is included. */
  lines(): string[];
  clear(): void;
}

export function createStderrRing(maxLines = 200, maxLineLength = 2000): StderrRing {
  const lines: string[] = [];
  let partial = '';
  const keep = (line: string) => {
    lines.push(line.length > maxLineLength ? `${line.slice(0, maxLineLength)}… (${line.length - maxLineLength} more characters)` : line);
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
  };
  return {
    push(chunk) {
      const parts = (partial + chunk.toString()).split(/\r?\n/);
      partial = parts.pop() ?? '';
      if (partial.length > maxLineLength) {
        keep(partial);
        partial = '';
      }
      parts.forEach(keep);
    },
    lines: () => (partial ? [...lines, partial] : [...lines]),
    clear() {
      lines.length = 0;
      partial = '';
    },
  };
}
