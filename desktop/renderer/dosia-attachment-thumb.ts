import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChatMessage } from '../bridge/bridge-contract';

type MessageAttachment = NonNullable<ChatMessage['attachments']>[number];

/** Asks whoever holds the bridge and the session (the chat view) for a stored file's bytes. */
export interface AttachmentRequestDetail {
  readonly file: string;
  readonly reply: (image: { mediaType: string; data: string } | null) => void;
}

/** A file attached to a sent message: a thumbnail for a stored image, its name for anything else. */
@customElement('dosia-attachment-thumb')
export class DosiaAttachmentThumb extends LitElement {
  static override styles = css`
    :host { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; border: 1px solid var(--dosia-border); border-radius: 999px; padding: 1px 8px; }
    :host([has-image]) { border-radius: var(--dosia-radius); padding: 4px; }
    img { height: 64px; max-width: 160px; object-fit: cover; border-radius: 4px; display: block; }
  `;

  @property({ attribute: false }) attachment!: MessageAttachment;
  @state() private image: string | null = null;

  override firstUpdated() {
    const { file, mediaType } = this.attachment;
    if (!file || !mediaType.startsWith('image/')) return;
    const reply: AttachmentRequestDetail['reply'] = (image) => {
      this.image = image ? `data:${image.mediaType};base64,${image.data}` : null;
      this.toggleAttribute('has-image', Boolean(image));
    };
    this.dispatchEvent(new CustomEvent<AttachmentRequestDetail>('attachment-request', { detail: { file, reply }, bubbles: true, composed: true }));
  }

  override render() {
    const { name, mediaType } = this.attachment;
    return html`${this.image ? html`<img src=${this.image} alt=${name}>` : nothing}<span title=${mediaType} class="chip">${name}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-attachment-thumb': DosiaAttachmentThumb;
  }
}
