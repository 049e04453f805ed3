import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppCommand } from '../bridge/bridge-contract';

/** ⌘ on macOS, Ctrl elsewhere; the same keys Electron's menu shows. */
const SHORTCUTS: readonly { key: string; shift: boolean; command: AppCommand }[] = [
  { key: 'k', shift: false, command: 'command-palette' },
  { key: 'n', shift: false, command: 'new-chat' },
  { key: ',', shift: false, command: 'settings' },
  { key: 'l', shift: false, command: 'choose-model' },
  { key: 'm', shift: true, command: 'compare' },
  { key: 'f', shift: true, command: 'search-sessions' },
  { key: 's', shift: true, command: 'scopes' },
];

export function shortcutLabel(command: AppCommand): string {
  const shortcut = SHORTCUTS.find((candidate) => candidate.command === command);
  if (!shortcut) return '';
  const mac = navigator.platform.startsWith('Mac');
  return `${mac ? '⌘' : 'Ctrl+'}${shortcut.shift ? (mac ? '⇧' : 'Shift+') : ''}${shortcut.key.toUpperCase()}`;
}

/** Window-wide shortcuts, active while the host is connected. */
export class KeyboardShortcutsController implements ReactiveController {
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (!(event.metaKey || event.ctrlKey) || event.altKey) return;
    const shortcut = SHORTCUTS.find((candidate) => candidate.key === event.key.toLowerCase() && candidate.shift === event.shiftKey);
    if (!shortcut) return;
    event.preventDefault();
    this.run(shortcut.command);
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly run: (command: AppCommand) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKeyDown);
  }
}
