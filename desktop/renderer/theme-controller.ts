import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/**
 * Paints the page in the chosen theme (`data-theme` on <html>, read by theme.css). `system`
 * follows the OS, live: Electron maps nativeTheme onto `prefers-color-scheme`.
 */
export class ThemeController implements ReactiveController {
  choice: ThemeChoice = 'system';
  private readonly query = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onSystemChange = () => this.apply(this.choice);

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  get isDark(): boolean {
    return document.documentElement.dataset.theme === 'dark';
  }

  apply(choice: ThemeChoice): void {
    this.choice = choice;
    const dark = choice === 'dark' || (choice === 'system' && this.query.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }

  hostConnected(): void {
    this.query.addEventListener('change', this.onSystemChange);
  }

  hostDisconnected(): void {
    this.query.removeEventListener('change', this.onSystemChange);
  }
}
