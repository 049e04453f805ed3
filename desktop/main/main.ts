/**
 * DOSIA's Electron main process: boots the `dosia` kernel profile (layers, providers, …),
 * serves the bridge to the window over IPC, and follows macOS conventions (app menu,
 * ⌘ shortcuts, reopen on dock click, stay alive with no window).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, nativeTheme, session, shell } from 'electron';
import { packageVersion } from '../../kernel/cli/run-cli';
import { bootKernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { dosiaProfile } from '../../kernel/profiles/dosia';
import { type AppCommand, IPC_EVENT_CHANNEL } from '../bridge/bridge-contract';
import { createBridgeService } from '../bridge/bridge-service';
import { collectCoreServices } from '../bridge/core-services';
import { buildAppMenu } from './app-menu';
import { createMainWindow } from './create-main-window';
import { serveBridgeOverIpc } from './ipc-bridge';
import { safeStorageCipher } from './safe-storage-cipher';

// Built layout: dist/desktop/main/main.js beside dist/desktop/preload/ and dist/desktop/renderer/.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadFile = join(here, '..', 'preload', 'preload.cjs');

const THEMES = ['system', 'light', 'dark'] as const;

async function start(): Promise<void> {
  const logger = createLogger();
  const kernel = await bootKernel({ profile: dosiaProfile, logger });
  const layers = kernel.use('layers');
  // safeStorage works only once the app is ready, which `start` waits for.
  const keychain = safeStorageCipher();
  if (keychain && kernel.registry.has('secrets')) kernel.use('secrets').useCipher(keychain);
  const service = createBridgeService({
    services: collectCoreServices(layers, (capability) => (kernel.registry.has(capability) ? kernel.use(capability) : undefined)),
    shell: 'electron',
    version: packageVersion(),
    dataDir: kernel.info.dataDir,
    logger,
    openExternal: (url) => shell.openExternal(url),
  });
  const applyTheme = () => {
    const theme = layers.get('appearance.theme').value;
    nativeTheme.themeSource = THEMES.includes(theme as (typeof THEMES)[number]) ? (theme as (typeof THEMES)[number]) : 'system';
  };
  applyTheme();
  const stopWatchingTheme = layers.onChange(applyTheme);
  // The renderer asks for nothing (camera, notifications, …): refuse every permission request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const stopIpc = serveBridgeOverIpc(service, () => BrowserWindow.getAllWindows(), pathToFileURL(rendererDir).href);
  const openWindow = () => createMainWindow({ preloadFile, indexFile: join(rendererDir, 'index.html'), iconFile: join(rendererDir, 'icon.png') });
  const sendCommand = (command: AppCommand) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? openWindow();
    window.webContents.send(IPC_EVENT_CHANNEL, 'app.command', { command });
  };
  Menu.setApplicationMenu(buildAppMenu(sendCommand));
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.once('will-quit', (event) => {
    event.preventDefault();
    stopWatchingTheme();
    stopIpc();
    void service.close().then(() => kernel.dispose()).finally(() => app.exit(0));
  });
}

app.setName('DOSIA');
void app.whenReady().then(start).catch((error: unknown) => {
  createLogger().fatal({ err: error }, 'DOSIA failed to start');
  app.exit(1);
});
