import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { textOf } from '../bridge/assemble-message';
import type { ChatMessage, DosiaBridge, SessionTotals, SessionTranscript, TurnHandle, TurnMetrics } from '../bridge/bridge-contract';
import './dosia-composer';
import type { AttachmentRequestDetail } from './dosia-attachment-thumb';
import type { ComposeDetail, DosiaComposer } from './dosia-composer';
import './dosia-message-item';
import type { MessageActionDetail } from './dosia-message-item';
import type { ToolDecisionDetail } from './dosia-tool-call';
import './dosia-usage-strip';
import { controlStyles } from './shared-styles';
import { type LiveTurn, TurnStreamController } from './turn-stream-controller';

/** Messages drawn in the first frame of an opened session (the end of it, where the user lands). */
const FIRST_FRAME_MESSAGES = 40;
/** Older messages are then added this many per frame, above the ones on screen (scroll anchoring keeps the view still). */
const MESSAGES_PER_FRAME = 150;

/** One conversation: its messages, the answer streaming in, the usage strip and the composer. */
@customElement('dosia-chat-view')
export class DosiaChatView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      .log { flex: 1; overflow-y: auto; min-height: 0; }
      .empty { padding: 48px 24px; text-align: center; }
      .error { padding: 8px 16px; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property({ attribute: false }) transcript: SessionTranscript | null = null;
  /** `provider:model` from the picker. */
  @property() model = '';
  @state() private messages: readonly ChatMessage[] = [];
  @state() private sessionId: string | null = null;
  @state() private active: TurnHandle | null = null;
  @state() private lastMetrics: TurnMetrics | null = null;
  @state() private totals: SessionTotals | null = null;
  @state() private error = '';
  /** Index of the first message rendered; long sessions fill in backwards after the first paint. */
  @state() private renderedFrom = 0;
  @query('.log') private log?: HTMLElement;
  @query('dosia-composer') private composer?: DosiaComposer;

  private readonly turns = new TurnStreamController(this, () => this.bridge, (turn) => void this.finishTurn(turn));

  override willUpdate(changed: Map<string, unknown>) {
    if (!changed.has('transcript')) return;
    const transcript = this.transcript;
    this.messages = transcript?.messages ?? [];
    this.sessionId = transcript?.id ?? null;
    this.totals = transcript?.totals ?? null;
    this.lastMetrics = [...this.messages].reverse().find((message) => message.metrics)?.metrics ?? null;
    this.active = null;
    this.renderedFrom = Math.max(0, this.messages.length - FIRST_FRAME_MESSAGES);
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('transcript') || changed.has('messages') || this.active) this.log?.scrollTo({ top: this.log.scrollHeight });
    if (this.renderedFrom > 0) requestAnimationFrame(() => (this.renderedFrom = Math.max(0, this.renderedFrom - MESSAGES_PER_FRAME)));
  }

  /** Resolves once every message of the session is in the DOM (the render benchmark waits on it). */
  get fullyRendered(): Promise<void> {
    return this.updateComplete.then(() => (this.renderedFrom === 0 ? undefined : new Promise((resolve) => requestAnimationFrame(() => resolve(this.fullyRendered)))));
  }

  override focus() {
    this.composer?.focus();
  }

  private async send(text: string, attachments: ComposeDetail['attachments'], replaceFromMessageId?: string) {
    if (!this.bridge || this.active) return;
    this.error = '';
    try {
      const startedAt = performance.now();
      const handle = await this.bridge.invoke('chat.send', { text, attachments, ...(this.sessionId ? { sessionId: this.sessionId } : {}), ...(this.model ? { model: this.model } : {}), ...(replaceFromMessageId ? { replaceFromMessageId } : {}) });
      const kept = replaceFromMessageId ? this.messages.slice(0, Math.max(0, this.messages.findIndex((message) => message.id === replaceFromMessageId))) : this.messages;
      this.messages = [...kept, { id: `pending-${handle.turnId}`, role: 'user', blocks: [{ type: 'text', text }], attachments: attachments.map(({ name, mediaType }) => ({ name, mediaType })) }];
      this.sessionId = handle.sessionId;
      this.active = handle;
      const turn = this.turns.track(handle.turnId, startedAt);
      if (turn.end) await this.finishTurn(turn);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Core's transcript is the truth (message ids for edit / regenerate): reload it once the turn ends. */
  private async finishTurn(turn: LiveTurn) {
    if (!this.bridge || !this.active || turn.turnId !== this.active.turnId) return;
    const transcript = await this.bridge.invoke('sessions.open', { sessionId: this.active.sessionId });
    this.messages = transcript.messages;
    this.totals = turn.totals ?? transcript.totals;
    this.lastMetrics = turn.metrics ?? this.lastMetrics;
    this.turns.forget(turn.turnId);
    this.active = null;
    this.dispatchEvent(new CustomEvent('session-updated', { detail: { sessionId: transcript.id }, bubbles: true, composed: true }));
  }

  private regenerate(event: CustomEvent<MessageActionDetail>) {
    const index = this.messages.findIndex((message) => message.id === event.detail.messageId);
    const prompt = [...this.messages.slice(0, index)].reverse().find((message) => message.role === 'user');
    if (prompt) void this.send(textOf(prompt.blocks), [], prompt.id);
  }

  /** A refused decision (an "always" into a locked key or read-only layer) goes back to the call, which keeps waiting. */
  private decideTool(event: CustomEvent<ToolDecisionDetail>) {
    if (!this.bridge || !this.active) return;
    const { reply, ...decision } = event.detail;
    this.bridge.invoke('tool.approve', { turnId: this.active.turnId, ...decision }).then(() => reply(null), (error: Error) => reply(error.message));
  }

  /** Stored images of this session's messages, for their thumbnails; one that cannot be read shows as its name. */
  private loadAttachment(event: CustomEvent<AttachmentRequestDetail>) {
    const { file, reply } = event.detail;
    if (!this.bridge || !this.sessionId) return reply(null);
    this.bridge.invoke('sessions.attachment', { sessionId: this.sessionId, file }).then(reply, () => reply(null));
  }

  private renderStreaming() {
    const live = this.active ? this.turns.get(this.active.turnId) : undefined;
    if (!this.active || !live) return nothing;
    const message: ChatMessage = { id: `live-${this.active.turnId}`, role: 'assistant', blocks: live.assembly.blocks, model: this.active.model, ...(live.assembly.error ? { error: live.assembly.error } : {}) };
    return html`<dosia-message-item .message=${message} streaming></dosia-message-item>`;
  }

  override render() {
    const live = this.active ? this.turns.get(this.active.turnId) : undefined;
    const lastAssistant = [...this.messages].reverse().find((message) => message.role === 'assistant');
    return html`
      <div class="log" role="log" aria-label="Conversation" aria-live="polite" @message-edit=${(event: CustomEvent<MessageActionDetail>) => void this.send(event.detail.text, [], event.detail.messageId)} @message-regenerate=${this.regenerate} @tool-decision=${this.decideTool} @attachment-request=${this.loadAttachment}>
        ${this.messages.length === 0 && !this.active ? html`<div class="empty muted">Start a conversation. <kbd>⌘K</kbd> opens the command palette.</div>` : nothing}
        ${repeat(this.messages.slice(this.renderedFrom), (message) => message.id, (message) => html`<dosia-message-item .message=${message} ?canRegenerate=${!this.active && message === lastAssistant}></dosia-message-item>`)}
        ${this.renderStreaming()}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <dosia-usage-strip .model=${this.active?.model ?? this.lastMetrics?.model ?? this.model} .metrics=${this.active ? (live?.metrics ?? null) : this.lastMetrics} .totals=${live?.totals ?? this.totals} ?streaming=${Boolean(this.active)} .liveFirstTokenMs=${live?.firstPartAt ? live.firstPartAt - live.startedAt : null}></dosia-usage-strip>
      <dosia-composer ?busy=${Boolean(this.active)} @compose-send=${(event: CustomEvent<ComposeDetail>) => void this.send(event.detail.text, event.detail.attachments)} @compose-stop=${() => this.active && void this.bridge?.invoke('chat.cancel', { turnId: this.active.turnId })}></dosia-composer>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-chat-view': DosiaChatView;
  }
}
