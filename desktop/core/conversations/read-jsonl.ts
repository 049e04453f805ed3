import { readFileSync } from 'node:fs';

export interface JsonlContents<Line> {
  readonly lines: Line[];
  /** Lines that could not be read, with their line number (a torn last line after a crash, say). */
  readonly warnings: string[];
}

/**
 * Reads a JSONL file line by line. A line that is not JSON is skipped with a warning naming
 * it; everything around it still loads. `accept` filters out lines of the wrong shape.
 */
export function readJsonl<Line>(path: string, accept: (value: unknown) => value is Line): JsonlContents<Line> {
  const text = readFileSync(path, 'utf8');
  const rows = text.split('\n');
  const lines: Line[] = [];
  const warnings: string[] = [];
  rows.forEach((row, index) => {
    if (row.trim() === '') return;
    const last = index === rows.length - 1;
    try {
      const value: unknown = JSON.parse(row);
      if (accept(value)) lines.push(value);
      else warnings.push(`${path}:${index + 1}: not a conversation event (skipped)`);
    } catch {
      warnings.push(last ? `${path}:${index + 1}: the last line is incomplete (the process stopped while writing it); skipped` : `${path}:${index + 1}: not valid JSON (skipped)`);
    }
  });
  return { lines, warnings };
}
