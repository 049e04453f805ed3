import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { textOf } from '../bridge/assemble-message';
import type { ChatMessage, MessageBlock } from '../bridge/bridge-contract';
import './dosia-attachment-thumb';
import './dosia-markdown-view';
import './dosia-tool-call';
import { controlStyles } from './shared-styles';

export interface MessageActionDetail {
  readonly messageId: string;
  readonly text: string;
}

/** One message of a conversation, with Edit (user) and Regenerate (last answer). */
@customElement('dosia-message-item')
export class DosiaMessageItem extends LitElement {
  static override styles = [
    controlStyles,
    css`
      /* Off-screen messages skip layout and paint: long conversations open fast. */
      :host { display: block; content-visibility: auto; contain-intrinsic-size: auto 80px; padding: 12px 16px; border-bottom: 1px solid var(--dosia-border); }
      :host([role-name='user']) { background: var(--dosia-surface); }
      .who { font-size: 12px; font-weight: 600; color: var(--dosia-muted); margin-bottom: 4px; display: flex; gap: 8px; align-items: center; }
      .actions { margin-left: auto; display: flex; gap: 4px; }
      .actions button { padding: 2px 8px; font-size: 12px; }
      details { color: var(--dosia-muted); margin-bottom: 6px; }
      .chips { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; }
      textarea { width: 100%; min-height: 80px; }
      .cursor::after { content: '▍'; animation: blink 1s steps(2) infinite; }
      @keyframes blink { 50% { opacity: 0; } }
    `,
  ];

  @property({ attribute: false }) message!: ChatMessage;
  @property({ type: Boolean }) streaming = false;
  @property({ type: Boolean }) canRegenerate = false;
  @property({ attribute: 'role-name', reflect: true }) roleName = '';
  @state() private editing = false;

  override willUpdate() {
    this.roleName = this.message.role;
  }

  private emit(name: 'message-edit' | 'message-regenerate', text: string) {
    this.dispatchEvent(new CustomEvent<MessageActionDetail>(name, { detail: { messageId: this.message.id, text }, bubbles: true, composed: true }));
  }

  private submitEdit(event: Event) {
    event.preventDefault();
    const text = (this.renderRoot.querySelector('textarea') as HTMLTextAreaElement).value.trim();
    this.editing = false;
    if (text) this.emit('message-edit', text);
  }

  private renderBlock(block: MessageBlock) {
    if (block.type === 'text') return html`<dosia-markdown-view .text=${block.text}></dosia-markdown-view>`;
    if (block.type === 'reasoning') return html`<details><summary>Reasoning</summary>${block.text}</details>`;
    return html`<dosia-tool-call .call=${block}></dosia-tool-call>`;
  }

  private renderActions() {
    if (this.streaming) return nothing;
    if (this.message.role === 'user') return html`<span class="actions"><button aria-label="Edit this message" @click=${() => (this.editing = true)}>Edit</button></span>`;
    if (this.canRegenerate) return html`<span class="actions"><button aria-label="Regenerate this answer" @click=${() => this.emit('message-regenerate', '')}>Regenerate</button></span>`;
    return nothing;
  }

  override render() {
    const message = this.message;
    const who = message.role === 'user' ? 'You' : (message.model ?? 'Assistant');
    return html`
      <div class="who">${who}${this.renderActions()}</div>
      ${this.editing
        ? html`<form @submit=${this.submitEdit}>
            <label class="visually-hidden" for="edit">Edit message</label>
            <textarea id="edit" .value=${textOf(message.blocks)}></textarea>
            <button class="primary" type="submit">Send edit</button>
            <button type="button" @click=${() => (this.editing = false)}>Cancel</button>
          </form>`
        : html`<div class=${this.streaming ? 'cursor' : ''}>${message.blocks.map((block) => this.renderBlock(block))}</div>`}
      ${message.attachments?.length ? html`<div class="chips" aria-label="Attachments">${message.attachments.map((file) => html`<dosia-attachment-thumb .attachment=${file}></dosia-attachment-thumb>`)}</div>` : nothing}
      ${message.error ? html`<p class="error" role="alert">${message.error}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-message-item': DosiaMessageItem;
  }
}
