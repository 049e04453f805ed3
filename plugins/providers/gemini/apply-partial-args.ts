import type { GeminiPartialArg } from './gemini-wire-types';

/** `$.a.b[0].c` to `['a', 'b', 0, 'c']`. */
function pathSegments(jsonPath: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of jsonPath.replace(/^\$/, '').matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)) {
    segments.push(match[2] === undefined ? (match[1] ?? match[3] ?? '') : Number(match[2]));
  }
  return segments;
}

function valueOf(arg: GeminiPartialArg): unknown {
  if (arg.stringValue !== undefined) return arg.stringValue;
  if (arg.numberValue !== undefined) return arg.numberValue;
  if (arg.boolValue !== undefined) return arg.boolValue;
  return null;
}

/**
 * Applies one streamed argument fragment (`streamFunctionCallArguments`) to the arguments
 * built so far. String values arrive in pieces and are appended; other values are set.
 */
export function applyPartialArg(args: Record<string, unknown>, arg: GeminiPartialArg): void {
  const segments = pathSegments(arg.jsonPath);
  const last = segments.pop();
  if (last === undefined) return;
  let container: Record<string | number, unknown> = args;
  segments.forEach((segment, position) => {
    const nextIsIndex = typeof (segments[position + 1] ?? last) === 'number';
    container[segment] ??= nextIsIndex ? [] : {};
    container = container[segment] as Record<string | number, unknown>;
  });
  const value = valueOf(arg);
  const existing = container[last];
  container[last] = typeof value === 'string' && typeof existing === 'string' ? existing + value : value;
}
