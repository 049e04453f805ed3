import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Attachment } from '../bridge/bridge-contract';
import { readAttachment } from './read-attachment';
import { controlStyles } from './shared-styles';

export interface ComposeDetail {
  readonly text: string;
  readonly attachments: readonly Attachment[];
}

/** The prompt box: Enter sends, Shift+Enter breaks the line; files attach by button or drop; Stop while streaming. */
@customElement('dosia-composer')
export class DosiaComposer extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; padding: 12px 16px; border-top: 1px solid var(--dosia-border); }
      form { display: grid; grid-template-columns: 1fr auto; gap: 8px; }
      textarea { resize: vertical; min-height: 56px; max-height: 40vh; width: 100%; }
      .buttons { display: flex; flex-direction: column; gap: 6px; }
      .chips { grid-column: 1 / -1; display: flex; gap: 6px; flex-wrap: wrap; }
      .chip button { padding: 0 6px; margin-left: 4px; }
    `,
  ];

  @property({ type: Boolean }) busy = false;
  @property() placeholder = 'Ask anything…  (Enter to send, Shift+Enter for a new line)';
  @state() private attachments: Attachment[] = [];
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override focus() {
    this.textarea?.focus();
  }

  private async attach(files: FileList | null) {
    if (!files) return;
    this.attachments = [...this.attachments, ...(await Promise.all([...files].map(readAttachment)))];
  }

  private send(event?: Event) {
    event?.preventDefault();
    const text = this.textarea.value.trim();
    if (!text || this.busy) return;
    this.dispatchEvent(new CustomEvent<ComposeDetail>('compose-send', { detail: { text, attachments: this.attachments }, bubbles: true, composed: true }));
    this.textarea.value = '';
    this.attachments = [];
  }

  private onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.send(event);
  }

  override render() {
    return html`
      <form @submit=${this.send} @drop=${(event: DragEvent) => { event.preventDefault(); void this.attach(event.dataTransfer?.files ?? null); }} @dragover=${(event: DragEvent) => event.preventDefault()}>
        <label class="visually-hidden" for="prompt">Prompt</label>
        <textarea id="prompt" placeholder=${this.placeholder} @keydown=${this.onKeyDown}></textarea>
        <div class="buttons">
          ${this.busy
            ? html`<button type="button" class="danger" @click=${() => this.dispatchEvent(new CustomEvent('compose-stop', { bubbles: true, composed: true }))}>Stop</button>`
            : html`<button type="submit" class="primary">Send</button>`}
          <label><span class="visually-hidden">Attach files</span><input type="file" multiple hidden @change=${(event: Event) => void this.attach((event.target as HTMLInputElement).files)}><button type="button" @click=${() => (this.renderRoot.querySelector('input[type=file]') as HTMLInputElement).click()}>Attach…</button></label>
        </div>
        ${this.attachments.length
          ? html`<div class="chips" aria-label="Attachments">${this.attachments.map((file, index) => html`<span class="chip">${file.name}<button type="button" aria-label="Remove ${file.name}" @click=${() => (this.attachments = this.attachments.filter((_, other) => other !== index))}>×</button></span>`)}</div>`
          : nothing}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-composer': DosiaComposer;
  }
}
