import { Menu, type MenuItemConstructorOptions, app } from 'electron';
import type { AppCommand } from '../bridge/bridge-contract';

/**
 * The native menu. On macOS the first menu is the app menu (About, Settings… ⌘,, Hide, Quit);
 * elsewhere Settings sits in File. Items that act on the UI send an `app.command` event, the
 * same commands the in-page palette runs. `CmdOrCtrl` maps to ⌘ on macOS, Ctrl elsewhere.
 */
export function buildAppMenu(run: (command: AppCommand) => void, isMac = process.platform === 'darwin'): Menu {
  const item = (label: string, command: AppCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, click: () => run(command), ...(accelerator ? { accelerator } : {}) });
  const settings = item('Settings…', 'settings', 'CmdOrCtrl+,');
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ label: app.name, submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [item('New Chat', 'new-chat', 'CmdOrCtrl+N'), item('Compare Models', 'compare', 'CmdOrCtrl+Shift+M'), ...(isMac ? [] : [settings]), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: [item('Command Palette', 'command-palette', 'CmdOrCtrl+K'), item('Choose Model', 'choose-model', 'CmdOrCtrl+L'), item('Search Sessions', 'search-sessions', 'CmdOrCtrl+Shift+F'), item('Scopes', 'scopes', 'CmdOrCtrl+Shift+S'), item('Toggle Theme', 'toggle-theme'), { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, { role: 'toggleDevTools' }] },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
