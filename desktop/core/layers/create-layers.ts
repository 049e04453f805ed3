import type { Logger } from '../../../kernel/logger';
import { LayerFiles } from './layer-files';
import type { LayerWatcher } from './layer-watcher';
import { LayeredView } from './layered-view';
import type { Layers } from './layers';

export interface LayersOptions {
  /** The Personal root (DOSIA_HOME); sessions and roles live below it. */
  readonly home: string;
  /** The working folder the Project layer is searched from. */
  readonly cwd: string;
  readonly enterpriseDir: string;
  readonly sessionId?: string | null;
  readonly debounceMs?: number;
  readonly pollMs?: number;
  readonly logger?: Logger;
}

export interface LayersHandle {
  readonly layers: Layers;
  /** Stops every watcher started by any view. */
  close(): void;
}

export function createLayers(options: LayersOptions): LayersHandle {
  const watchers = new Set<LayerWatcher>();
  const shared = {
    home: options.home,
    cwd: options.cwd,
    enterpriseDir: options.enterpriseDir,
    files: new LayerFiles(options.logger),
    debounceMs: options.debounceMs ?? 100,
    pollMs: options.pollMs ?? 1000,
    logger: options.logger,
    watchers,
  };
  return {
    layers: new LayeredView(shared, options.sessionId ?? null),
    close() {
      for (const watcher of watchers) watcher.close();
      watchers.clear();
    },
  };
}
