import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { findPluginFolders } from './kernel/discover';

/** A browser bundle: everything inlined, minified, with source maps. */
const BROWSER_BUNDLE: Options = { format: ['esm'], platform: 'browser', target: 'es2022', sourcemap: true, minify: true, noExternal: [/.*/] };

/**
 * Every built-in plugin's entry is built beside the CLIs at the same relative path
 * (`plugins/http/index.ts` -> `dist/plugins/http/index.js`), which is where the kernel
 * looks for it when running from the build. Code splitting keeps one shared copy of the
 * kernel, so errors and registries are the same objects in every plugin.
 */
function pluginEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const plugin of ['plugins', 'desktop'].flatMap((root) => findPluginFolders(join(process.cwd(), root), 'builtin'))) {
    const manifest = JSON.parse(readFileSync(plugin.manifestFile, 'utf8')) as { entry?: string };
    if (!manifest.entry?.endsWith('.ts')) continue;
    const source = relative(process.cwd(), join(plugin.folder, manifest.entry));
    entries[source.replace(/\.ts$/, '')] = source;
  }
  return entries;
}

/** The builds run in parallel; the Node build's clean must spare the others' output. */
const OTHER_BUILDS = ['desktop/preload', 'desktop/renderer', 'console'];

export default defineConfig([{
  entry: {
    bytespike: 'kernel/bin/bytespike.ts',
    dosia: 'kernel/bin/dosia.ts',
    demo: 'scripts/demo.ts',
    'upstream-sim': 'scripts/upstream-sim/main.ts',
    'bench/gateway-bench': 'scripts/bench/gateway-bench.ts',
    'bench/gateway-phases': 'scripts/bench/gateway-phases.ts',
    'bench/dosia-render-bench': 'scripts/bench/dosia-render-bench.ts',
    'bench/scale-out-bench': 'scripts/bench/scale-out-bench.ts',
    'bench/billing-bench': 'scripts/bench/billing-bench.ts',
    'bench/proxy-floor-bench': 'scripts/bench/proxy-floor-bench.ts',
    'bench/bare-proxy': 'scripts/bench/bare-proxy.ts',
    'bench/instruction-bench': 'scripts/bench/instruction-bench.ts',
    'render-app-icon': 'scripts/render-app-icon.ts',
    // DOSIA's Electron main process shares the kernel chunks with the CLIs and the plugins it loads.
    'desktop/main/main': 'desktop/main/main.ts',
    ...pluginEntries(),
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  clean: OTHER_BUILDS.map((folder) => `!${folder}/**`),
  outDir: 'dist',
  // Electron is the desktop shell's runtime; playwright-core (the render benchmark's browser driver) is loaded as is.
  external: ['electron', 'playwright-core'],
}, {
  // Sandboxed Electron preloads cannot be ES modules.
  entry: { 'desktop/preload/preload': 'desktop/preload/preload.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  outDir: 'dist',
  external: ['electron'],
}, {
  // The Lit UI, one bundle for Electron's window and `dosia web`; index.html and theme.css come from public/.
  entry: { 'dosia-renderer': 'desktop/renderer/main.ts' },
  ...BROWSER_BUNDLE,
  publicDir: 'desktop/renderer/public',
  outDir: 'dist/desktop/renderer',
}, {
  // The ByteSpike Console: one bundle the console-api plugin serves at /console/assets/console.js, and its icon from public/.
  entry: { console: 'console/main.ts' },
  ...BROWSER_BUNDLE,
  publicDir: 'console/public',
  outDir: 'dist/console',
}]);
