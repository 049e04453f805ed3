import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AppCommand } from '../bridge/bridge-contract';
import { shortcutLabel } from './keyboard-shortcuts-controller';
import { controlStyles } from './shared-styles';

const COMMANDS: readonly { command: AppCommand; label: string }[] = [
  { command: 'new-chat', label: 'New chat' },
  { command: 'choose-model', label: 'Choose model' },
  { command: 'compare', label: 'Compare models' },
  { command: 'search-sessions', label: 'Search sessions' },
  { command: 'scopes', label: 'Open scopes explorer' },
  { command: 'skills', label: 'Open skills' },
  { command: 'mcp', label: 'Open MCP tools' },
  { command: 'settings', label: 'Open settings' },
  { command: 'toggle-theme', label: 'Toggle light / dark theme' },
];

/** ⌘K / Ctrl+K: type to filter, arrows to move, Enter to run, Escape to close. */
@customElement('dosia-command-palette')
export class DosiaCommandPalette extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { position: fixed; inset: 0; z-index: 50; background: rgb(0 0 0 / 0.35); display: grid; justify-items: center; align-items: start; padding-top: 12vh; }
      .dialog { width: min(520px, 92vw); background: var(--dosia-bg); border: 1px solid var(--dosia-border); border-radius: 12px; box-shadow: 0 16px 48px rgb(0 0 0 / 0.3); padding: 8px; }
      input { width: 100%; font-size: 16px; padding: 10px 12px; }
      ul { list-style: none; margin: 8px 0 0; padding: 0; }
      li { display: flex; justify-content: space-between; padding: 8px 12px; border-radius: 6px; cursor: pointer; }
      li[aria-selected='true'] { background: var(--dosia-surface-2); }
      kbd { font-family: var(--dosia-mono); font-size: 12px; color: var(--dosia-muted); }
    `,
  ];

  @property() filter = '';
  @state() private selected = 0;
  @query('input') private input?: HTMLInputElement;

  override firstUpdated() {
    this.input?.focus();
  }

  private get visibleCommands() {
    const needle = this.filter.toLowerCase();
    return COMMANDS.filter((entry) => entry.label.toLowerCase().includes(needle));
  }

  private run(command: AppCommand) {
    this.dispatchEvent(new CustomEvent('palette-command', { detail: { command }, bubbles: true, composed: true }));
  }

  private close() {
    this.dispatchEvent(new CustomEvent('palette-close', { bubbles: true, composed: true }));
  }

  private onKeyDown(event: KeyboardEvent) {
    const count = this.visibleCommands.length;
    if (event.key === 'Escape') this.close();
    else if (event.key === 'ArrowDown') this.selected = (this.selected + 1) % Math.max(count, 1);
    else if (event.key === 'ArrowUp') this.selected = (this.selected - 1 + count) % Math.max(count, 1);
    else if (event.key === 'Enter' && this.visibleCommands[this.selected]) this.run(this.visibleCommands[this.selected]!.command);
    else return;
    event.preventDefault();
  }

  override render() {
    return html`<div class="dialog" role="dialog" aria-modal="true" aria-label="Command palette" @keydown=${this.onKeyDown} @click=${(event: Event) => event.stopPropagation()}>
      <label class="visually-hidden" for="command">Command</label>
      <input id="command" role="combobox" aria-controls="commands" aria-expanded="true" aria-activedescendant="command-${this.selected}" placeholder="Type a command…" .value=${this.filter} @input=${(event: Event) => { this.filter = (event.target as HTMLInputElement).value; this.selected = 0; }}>
      <ul id="commands" role="listbox">
        ${this.visibleCommands.map((entry, index) => html`<li id="command-${index}" role="option" aria-selected=${index === this.selected} @click=${() => this.run(entry.command)}><span>${entry.label}</span><kbd>${shortcutLabel(entry.command)}</kbd></li>`)}
      </ul>
    </div>`;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('click', () => this.close());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-command-palette': DosiaCommandPalette;
  }
}
