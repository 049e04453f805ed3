import { layersErrors } from './errors';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `providers.bytespike.url` → ['providers', 'bytespike', 'url']; refuses empty segments. */
export function splitKey(key: string): string[] {
  const segments = key.split('.');
  if (!key || segments.some((segment) => !segment)) throw layersErrors.create('BSK_LAYERS_BAD_KEY', { key });
  return segments;
}

export function getPath(object: JsonObject, key: string): unknown {
  let current: unknown = object;
  for (const segment of splitKey(key)) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Sets a dotted key, replacing anything in the way that is not an object. */
export function setPath(object: JsonObject, key: string, value: unknown): void {
  const segments = splitKey(key);
  let current = object;
  for (const segment of segments.slice(0, -1)) {
    if (!isPlainObject(current[segment])) current[segment] = {};
    current = current[segment] as JsonObject;
  }
  current[segments[segments.length - 1]!] = value;
}

/** Removes a dotted key and any objects the removal leaves empty. Returns false when the key was not set. */
export function deletePath(object: JsonObject, key: string): boolean {
  const [head, ...rest] = splitKey(key);
  if (!Object.hasOwn(object, head!)) return false;
  if (!rest.length) return delete object[head!];
  const child = object[head!];
  if (!isPlainObject(child) || !deletePath(child, rest.join('.'))) return false;
  if (!Object.keys(child).length) delete object[head!];
  return true;
}

/** Every leaf key in dotted form (arrays and scalars are leaves), in file order. */
export function leafKeys(object: JsonObject, prefix = ''): string[] {
  return Object.entries(object).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    return isPlainObject(value) && Object.keys(value).length ? leafKeys(value, key) : [key];
  });
}

/** True when one key is the other or lies inside it (`a.b` and `a.b.c`), i.e. writing one touches the other. */
export function keysOverlap(first: string, second: string): boolean {
  return first === second || first.startsWith(`${second}.`) || second.startsWith(`${first}.`);
}
