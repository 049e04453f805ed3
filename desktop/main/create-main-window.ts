import { BrowserWindow, nativeTheme, shell } from 'electron';

export interface MainWindowOptions {
  readonly preloadFile: string;
  readonly indexFile: string;
  /** The window's icon on Linux and Windows; macOS shows the app bundle's. */
  readonly iconFile: string;
  readonly isMac?: boolean;
}

/** Only web links leave the app, and they open in the system browser. */
function openExternally(url: string): void {
  if (/^https?:\/\//.test(url)) void shell.openExternal(url);
}

/**
 * The one window: an isolated, sandboxed renderer with no Node access, the preload as its
 * only door. On macOS the title bar is hidden and the traffic lights sit inset over the
 * sidebar; the background follows the system theme so nothing flashes white at launch.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const isMac = options.isMac ?? process.platform === 'darwin';
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'DOSIA',
    icon: options.iconFile,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16171b' : '#ffffff',
    ...(isMac ? { titleBarStyle: 'hiddenInset' as const, trafficLightPosition: { x: 16, y: 18 } } : {}),
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url.startsWith('file://')) return;
    event.preventDefault();
    openExternally(url);
  });
  void window.loadFile(options.indexFile);
  return window;
}
