import { isAbsolute, normalize } from 'node:path';
import { layersErrors } from './errors';

/** A path inside a layer: relative, no `..`, trailing slash dropped (`skills/` → `skills`). */
export function safeRelativePath(path: string): string {
  const normalized = normalize(path).replace(/[\\/]+$/, '');
  if (isAbsolute(path) || normalized === '..' || normalized.startsWith('../') || normalized.startsWith('..\\')) throw layersErrors.create('BSK_LAYERS_BAD_PATH', { path });
  return normalized === '.' ? '' : normalized;
}
