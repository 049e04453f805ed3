import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Attachment } from '../bridge/bridge-contract';
import { attachmentKind, formatBytes, MAX_ATTACHMENTS } from '../core/agent/attachment-limits';
import { fileProblem, readAttachment } from './read-attachment';
import { controlStyles } from './shared-styles';

export interface ComposeDetail {
  readonly text: string;
  readonly attachments: readonly Attachment[];
}

/** Bytes a base64 string stands for (the chip shows the file's size). */
const decodedSize = (attachment: Attachment) => (attachment.encoding === 'base64' ? Math.floor((attachment.data.length * 3) / 4) : new Blob([attachment.data]).size);

/**
 * The prompt box: Enter sends, Shift+Enter breaks the line; files attach by button, drop or
 * paste, with a preview each; a file of the wrong type or over its limit is refused here with
 * the reason, before anything is sent. Stop while streaming.
 */
@customElement('dosia-composer')
export class DosiaComposer extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; padding: 12px 16px; border-top: 1px solid var(--dosia-border); }
      form { display: grid; grid-template-columns: 1fr auto; gap: 8px; border-radius: var(--dosia-radius); }
      form.dragging { outline: 2px dashed var(--dosia-accent); outline-offset: 4px; }
      textarea { resize: vertical; min-height: 56px; max-height: 40vh; width: 100%; }
      .buttons { display: flex; flex-direction: column; gap: 6px; }
      .previews { grid-column: 1 / -1; display: flex; gap: 8px; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; }
      .preview { display: flex; align-items: center; gap: 6px; border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 4px 6px; background: var(--dosia-surface); font-size: 13px; }
      .preview img { width: 48px; height: 48px; object-fit: cover; border-radius: 4px; }
      .preview .kind { font-family: var(--dosia-mono); font-size: 11px; text-transform: uppercase; }
      .preview button { padding: 0 6px; }
      .problems { grid-column: 1 / -1; margin: 0; padding-left: 18px; }
    `,
  ];

  @property({ type: Boolean }) busy = false;
  @property() placeholder = 'Ask anything…  (Enter to send, Shift+Enter for a new line; drop or paste files to attach)';
  @state() private attachments: Attachment[] = [];
  @state() private problems: string[] = [];
  @state() private dragging = false;
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override focus() {
    this.textarea?.focus();
  }

  /** Usable files are read and shown; the others are named with why, and nothing of them is kept. */
  private async attach(files: readonly File[]) {
    const room = MAX_ATTACHMENTS - this.attachments.length;
    const overflow = files.slice(Math.max(0, room)).map((file) => `${file.name}: at most ${MAX_ATTACHMENTS} files per message`);
    const candidates = files.slice(0, Math.max(0, room));
    const refused = candidates.flatMap((file) => fileProblem(file) ?? []);
    const read = await Promise.all(candidates.filter((file) => fileProblem(file) === null).map(readAttachment));
    this.problems = [...refused, ...overflow];
    this.attachments = [...this.attachments, ...read];
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.dragging = false;
    void this.attach([...(event.dataTransfer?.files ?? [])]);
  }

  /** A pasted screenshot attaches; pasted text stays text. */
  private onPaste(event: ClipboardEvent) {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    void this.attach(files);
  }

  private send(event?: Event) {
    event?.preventDefault();
    const text = this.textarea.value.trim();
    if ((!text && !this.attachments.length) || this.busy) return;
    this.dispatchEvent(new CustomEvent<ComposeDetail>('compose-send', { detail: { text, attachments: this.attachments }, bubbles: true, composed: true }));
    this.textarea.value = '';
    this.attachments = [];
    this.problems = [];
  }

  private onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.send(event);
  }

  private renderPreview(file: Attachment, index: number) {
    const kind = attachmentKind(file.mediaType);
    return html`<li class="preview" data-kind=${kind ?? 'file'}>
      ${kind === 'image' ? html`<img src="data:${file.mediaType};base64,${file.data}" alt="Preview of ${file.name}">` : html`<span class="kind" aria-hidden="true">${kind === 'pdf' ? 'PDF' : 'TXT'}</span>`}
      <span>${file.name} <span class="muted">${formatBytes(decodedSize(file))}</span></span>
      <button type="button" aria-label="Remove ${file.name}" @click=${() => (this.attachments = this.attachments.filter((_, other) => other !== index))}>×</button>
    </li>`;
  }

  override render() {
    return html`
      <form class=${this.dragging ? 'dragging' : ''} @submit=${this.send} @drop=${this.onDrop} @dragover=${(event: DragEvent) => { event.preventDefault(); this.dragging = true; }} @dragleave=${() => (this.dragging = false)}>
        <label class="visually-hidden" for="prompt">Prompt</label>
        <textarea id="prompt" placeholder=${this.placeholder} @keydown=${this.onKeyDown} @paste=${this.onPaste}></textarea>
        <div class="buttons">
          ${this.busy
            ? html`<button type="button" class="danger" @click=${() => this.dispatchEvent(new CustomEvent('compose-stop', { bubbles: true, composed: true }))}>Stop</button>`
            : html`<button type="submit" class="primary">Send</button>`}
          <label><span class="visually-hidden">Attach files</span><input type="file" multiple hidden accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/*,.md,.json,.ts,.tsx,.js,.py,.go,.rs,.yaml,.yml,.toml,.csv,.sql,.sh" @change=${(event: Event) => void this.attach([...((event.target as HTMLInputElement).files ?? [])])}><button type="button" @click=${() => (this.renderRoot.querySelector('input[type=file]') as HTMLInputElement).click()}>Attach…</button></label>
        </div>
        ${this.problems.length ? html`<ul class="problems error" role="alert" aria-label="Files not attached">${this.problems.map((problem) => html`<li>${problem}</li>`)}</ul>` : nothing}
        ${this.attachments.length ? html`<ul class="previews" aria-label="Attachments">${this.attachments.map((file, index) => this.renderPreview(file, index))}</ul>` : nothing}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-composer': DosiaComposer;
  }
}
