import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { AppCommand, AppInfo, DosiaBridge, ModelGroup, SessionSummary, SessionTranscript } from '../bridge/bridge-contract';
import { connectBridge } from './connect-bridge';
import './dosia-chat-view';
import type { DosiaChatView } from './dosia-chat-view';
import './dosia-command-palette';
import './dosia-compare-view';
import './dosia-model-picker';
import type { DosiaModelPicker } from './dosia-model-picker';
import './dosia-scopes-explorer';
import './dosia-sessions-sidebar';
import type { DosiaSessionsSidebar } from './dosia-sessions-sidebar';
import './dosia-settings-view';
import './dosia-skills-panel';
import './dosia-tools-panel';
import './dosia-wizard';
import { KeyboardShortcutsController } from './keyboard-shortcuts-controller';
import { controlStyles } from './shared-styles';
import { THEME_CHOICES, ThemeController, type ThemeChoice } from './theme-controller';

type View = 'chat' | 'compare' | 'scopes' | 'skills' | 'mcp' | 'settings';

const VIEWS: readonly { view: View; label: string }[] = [
  { view: 'chat', label: 'Chat' },
  { view: 'compare', label: 'Compare' },
  { view: 'scopes', label: 'Scopes' },
  { view: 'skills', label: 'Skills' },
  { view: 'mcp', label: 'Tools' },
  { view: 'settings', label: 'Settings' },
];


/** DOSIA's shell: sessions sidebar, toolbar (model picker, views), the current view, the palette. */
@customElement('dosia-app')
export class DosiaApp extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: grid; grid-template-columns: 260px 1fr; height: 100%; }
      aside { border-right: 1px solid var(--dosia-border); background: var(--dosia-surface); display: flex; flex-direction: column; min-height: 0; padding-top: var(--dosia-titlebar-inset, 0); }
      main { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
      header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--dosia-border); -webkit-app-region: drag; }
      header > * { -webkit-app-region: no-drag; }
      nav.views { display: flex; gap: 4px; margin-left: auto; }
      nav.views button[aria-current='page'] { background: var(--dosia-accent); color: var(--dosia-accent-text); border-color: var(--dosia-accent); }
      .view { flex: 1; min-height: 0; overflow: hidden; }
      .error { padding: 16px; }
      :host([first-run]) { grid-template-columns: 1fr; }
    `,
  ];

  /** Injected by tests and the benchmark; otherwise the page's own (Electron preload or `dosia web`). */
  @property({ attribute: false }) bridge?: DosiaBridge;
  @property({ type: Boolean, reflect: true, attribute: 'first-run' }) firstRun = false;
  @state() private info: AppInfo | null = null;
  @state() private view: View = 'chat';
  @state() private groups: readonly ModelGroup[] = [];
  @state() private model = '';
  @state() private sessions: readonly SessionSummary[] = [];
  @state() private transcript: SessionTranscript | null = null;
  /** Bumped by "new chat": a fresh chat view, even when the current one is an unsaved new chat (no transcript to change). */
  @state() private chatGeneration = 0;
  @state() private paletteOpen = false;
  @state() private error = '';
  @query('dosia-model-picker') private picker?: DosiaModelPicker;
  @query('dosia-sessions-sidebar') private sidebar?: DosiaSessionsSidebar;
  @query('dosia-chat-view') private chatView?: DosiaChatView;
  private stopCommands?: () => void;
  private readonly theme = new ThemeController(this);

  constructor() {
    super();
    new KeyboardShortcutsController(this, (command) => this.run(command));
  }

  override connectedCallback() {
    super.connectedCallback();
    this.bridge ??= connectBridge();
    this.stopCommands = this.bridge.on('app.command', ({ command }) => this.run(command));
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopCommands?.();
  }

  private async load() {
    const bridge = this.bridge!;
    try {
      this.info = await bridge.invoke('app.info', {});
      const theme = (await bridge.invoke('settings.get', { key: 'appearance.theme' })).value;
      this.theme.apply(THEME_CHOICES.includes(theme as ThemeChoice) ? (theme as ThemeChoice) : 'system');
      this.firstRun = this.info.firstRun;
      if (this.firstRun) return;
      const model = (await bridge.invoke('settings.get', { key: 'model' })).value;
      if (typeof model === 'string' && !this.model) this.model = model;
      await Promise.all([this.loadModels(false), this.loadSessions()]);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async loadModels(refresh: boolean) {
    this.groups = await this.bridge!.invoke('models.list', { refresh });
    if (!this.model) {
      const first = this.groups.flatMap((group) => group.models)[0];
      if (first) this.model = `${first.provider}:${first.id}`;
    }
  }

  private async loadSessions() {
    this.sessions = await this.bridge!.invoke('sessions.list', {});
  }

  private async openSession(sessionId: string) {
    this.transcript = await this.bridge!.invoke('sessions.open', { sessionId });
    if (this.transcript.model) this.model = this.transcript.model;
    this.view = 'chat';
  }

  private async toggleTheme() {
    this.theme.apply(this.theme.isDark ? 'light' : 'dark');
    this.requestUpdate();
    await this.bridge!.invoke('settings.set', { key: 'appearance.theme', value: this.theme.choice, layer: 'personal' });
  }

  /** Every command, from the palette, a shortcut or Electron's menu. */
  run(command: AppCommand): void {
    this.paletteOpen = command === 'command-palette' ? !this.paletteOpen : false;
    if (command === 'new-chat') {
      this.transcript = null;
      this.chatGeneration++;
      this.view = 'chat';
      void this.updateComplete.then(() => this.chatView?.focus());
    } else if (command === 'choose-model') {
      this.view = this.view === 'compare' ? 'compare' : 'chat';
      this.picker?.show();
    } else if (command === 'search-sessions') this.sidebar?.focusSearch();
    else if (command === 'toggle-theme') void this.toggleTheme();
    else if (command !== 'command-palette') this.view = command;
  }

  private renderView() {
    switch (this.view) {
      case 'chat':
        return keyed(this.chatGeneration, html`<dosia-chat-view .bridge=${this.bridge} .transcript=${this.transcript} .model=${this.model} @session-updated=${() => void this.loadSessions()}></dosia-chat-view>`);
      case 'compare':
        return html`<dosia-compare-view .bridge=${this.bridge} .groups=${this.groups} @session-opened=${(event: CustomEvent<{ transcript: SessionTranscript }>) => { this.transcript = event.detail.transcript; this.model = event.detail.transcript.model ?? this.model; this.view = 'chat'; void this.loadSessions(); }}></dosia-compare-view>`;
      case 'scopes':
        return html`<dosia-scopes-explorer .bridge=${this.bridge}></dosia-scopes-explorer>`;
      case 'skills':
        return html`<dosia-skills-panel .bridge=${this.bridge}></dosia-skills-panel>`;
      case 'mcp':
        return html`<dosia-tools-panel .bridge=${this.bridge}></dosia-tools-panel>`;
      case 'settings':
        return html`<dosia-settings-view .bridge=${this.bridge} .theme=${this.theme.choice} .model=${this.model} @settings-changed=${(event: CustomEvent<{ key: string; value: unknown }>) => event.detail.key === 'appearance.theme' && this.theme.apply(event.detail.value as ThemeChoice)}></dosia-settings-view>`;
    }
  }

  override render() {
    if (this.error && !this.info) return html`<p class="error" role="alert">DOSIA could not reach its core: ${this.error}</p>`;
    if (!this.info) return html`<p class="muted" role="status">Starting DOSIA…</p>`;
    if (this.firstRun) return html`<dosia-wizard .bridge=${this.bridge} @wizard-complete=${() => { this.firstRun = false; void this.load(); }}></dosia-wizard>`;
    return html`
      <aside style=${this.info.shell === 'electron' && this.info.platform === 'darwin' ? '--dosia-titlebar-inset: 36px' : ''}>
        <dosia-sessions-sidebar .bridge=${this.bridge} .sessions=${this.sessions} activeId=${this.transcript?.id ?? ''} @session-select=${(event: CustomEvent<{ sessionId: string }>) => void this.openSession(event.detail.sessionId)} @new-chat=${() => this.run('new-chat')}></dosia-sessions-sidebar>
      </aside>
      <main>
        <header>
          <dosia-model-picker .groups=${this.groups} value=${this.model} @model-change=${(event: CustomEvent<{ model: string }>) => (this.model = event.detail.model)} @models-refresh=${() => void this.loadModels(true)}></dosia-model-picker>
          <nav class="views" aria-label="Views">${VIEWS.map(({ view, label }) => html`<button aria-current=${view === this.view ? 'page' : 'false'} @click=${() => (this.view = view)}>${label}</button>`)}</nav>
        </header>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div class="view">${this.renderView()}</div>
      </main>
      ${this.paletteOpen ? html`<dosia-command-palette @palette-command=${(event: CustomEvent<{ command: AppCommand }>) => this.run(event.detail.command)} @palette-close=${() => (this.paletteOpen = false)}></dosia-command-palette>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-app': DosiaApp;
  }
}
