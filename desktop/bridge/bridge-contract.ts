/**
 * The one bridge between DOSIA's UI and DOSIA core. The renderer sees only this contract:
 * `invoke(method, params)` for request/response and `on(event, listener)` for what core
 * pushes (stream parts, usage, sign-in results). Electron carries it over IPC (preload),
 * `dosia web` over HTTP POST + Server-Sent Events. Pure types, shared by both sides.
 */
import type { StreamPart } from '../../kernel/canonical/stream';
import type { Usage } from '../../kernel/canonical/usage';
import type { DosiaModel, ProviderType, TurnMetrics } from '../core/providers/dosia-provider';
import type { LayerEntry, LayerName, SettingValue, WriteResult } from '../core/layers/layers';
import type { ScopesReport } from '../core/layers/scopes-report';
import type { McpServerStatus } from '../core/mcp/server-connection';
import type { AgentAttachment } from '../core/agent/attachment-parts';

export type { DosiaModel, LayerEntry, McpServerStatus, LayerName, ProviderType, ScopesReport, SettingValue, StreamPart, TurnMetrics, Usage, WriteResult };

/** A file the user attached to a prompt, already read by the renderer: base64 for images and PDFs, plain text for text files. */
export type Attachment = AgentAttachment;

export type ToolCallStatus = 'streaming' | 'awaiting-approval' | 'running' | 'done' | 'denied';

/** One block of a message as the UI draws it. */
export type MessageBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly status: ToolCallStatus; readonly result?: string; readonly isError?: boolean };

export interface ChatMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly blocks: readonly MessageBlock[];
  /** `file`: where `sessions.attachment` finds it (stored sessions only). */
  readonly attachments?: readonly (Pick<Attachment, 'name' | 'mediaType'> & { readonly file?: string })[];
  /** Assistant messages: the model that wrote it and what the call cost and took. */
  readonly model?: string;
  readonly metrics?: TurnMetrics;
  /** Assistant messages that ended in an error. */
  readonly error?: string;
}

/** A conversation's running totals (the usage strip's right side). */
export interface SessionTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Integer credits; calls whose provider reports none add nothing. */
  readonly credits: number;
  /** Model calls made (an agent turn with tools makes several). */
  readonly calls: number;
}

export interface SessionSummary {
  readonly id: string;
  readonly kind: 'chat' | 'compare';
  readonly title: string;
  readonly models: readonly string[];
  readonly createdAt: string;
  /** Null when no call reported credits. */
  readonly credits: number | null;
  /** Summed over every model call of the session. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `sessions.search`: the matching line. */
  readonly snippet?: string;
}

export interface SessionTranscript extends SessionSummary {
  readonly messages: readonly ChatMessage[];
  readonly totals: SessionTotals;
  /** `provider:model` of the last answer, to continue with. */
  readonly model: string | null;
}

/** The picker's data: one group per configured provider. */
export interface ModelGroup {
  readonly provider: string;
  readonly models: readonly DosiaModel[];
  readonly error?: string;
}

export interface ProviderSummary {
  readonly name: string;
  readonly type: ProviderType;
  readonly url: string;
  readonly hasKey: boolean;
  readonly layer: LayerName | null;
}

export interface AppInfo {
  readonly version: string;
  /** `electron` or `web`: the renderer adapts small things (window controls, links). */
  readonly shell: 'electron' | 'web';
  readonly platform: string;
  /** True until a provider is configured: the renderer shows the first-run wizard. */
  readonly firstRun: boolean;
  readonly dataDir: string;
}

export interface ChatSendParams {
  /** Omitted: a new session. */
  readonly sessionId?: string;
  /** `provider:model` or a model id; omitted: the `model` setting. */
  readonly model?: string;
  readonly text: string;
  readonly attachments?: readonly Attachment[];
  /** Edit / regenerate: continue from a copy of the session that ends just before this message. */
  readonly replaceFromMessageId?: string;
}

export interface TurnHandle {
  readonly sessionId: string;
  readonly turnId: string;
  /** `provider:model` answering. */
  readonly model: string;
}

/** One lane of a compare run: its own turn id, so its events stream like a chat turn's. */
export interface CompareColumn extends TurnHandle {}

export interface SkillSummary {
  readonly name: string;
  readonly layer: LayerName;
  readonly shadows: readonly LayerName[];
  readonly version: string | null;
  readonly description: string | null;
  readonly problems: readonly string[];
  readonly denied: string | null;
}

export interface ToolSummary {
  /** `builtin`, `mcp:github`, `skill:review`. */
  readonly source: string;
  readonly name: string;
  readonly description: string | null;
}

/** The typed method map: method name -> params and result. */
export interface BridgeMethods {
  'app.info': { params: Record<string, never>; result: AppInfo };
  'models.list': { params: { refresh?: boolean }; result: readonly ModelGroup[] };
  'chat.send': { params: ChatSendParams; result: TurnHandle };
  'chat.cancel': { params: { turnId: string }; result: { cancelled: boolean } };
  /**
   * `allow` once, or with `remember` for the rest of the session; `always` saves the rule `<tool>(*)` to
   * `permissions.allow` of `layer` first (Enterprise and locked keys are refused with the reason, and the call keeps waiting).
   */
  'tool.approve': { params: { turnId: string; callId: string; decision: 'allow' | 'deny' | 'always'; remember?: boolean; layer?: LayerName }; result: { applied: boolean; saved?: { rule: string; layer: LayerName; path: string } } };
  /** A file stored with a message of a saved session (`ChatMessage.attachments[].file`), base64. */
  'sessions.attachment': { params: { sessionId: string; file: string }; result: { mediaType: string; data: string } };
  'compare.run': { params: { text: string; models: readonly string[] }; result: { compareId: string; columns: readonly CompareColumn[] } };
  'compare.pick': { params: { compareId: string; turnId: string }; result: SessionTranscript };
  'scopes.list': { params: { sessionId?: string }; result: ScopesReport };
  'settings.get': { params: { key: string; sessionId?: string }; result: SettingValue };
  'settings.set': { params: { key: string; value: unknown; layer: LayerName; sessionId?: string }; result: WriteResult };
  'settings.unset': { params: { key: string; layer: LayerName; sessionId?: string }; result: WriteResult };
  'sessions.list': { params: Record<string, never>; result: readonly SessionSummary[] };
  'sessions.open': { params: { sessionId: string }; result: SessionTranscript };
  'sessions.search': { params: { query: string }; result: readonly SessionSummary[] };
  /** `unusable`: configured providers left out because their entry cannot be used (e.g. a key the secret store cannot give). */
  'providers.list': { params: Record<string, never>; result: { providers: readonly ProviderSummary[]; denied: readonly { name: string; reason: string }[]; unusable: readonly { name: string; reason: string }[] } };
  'providers.add': { params: { name: string; type: ProviderType; url: string; key?: string; layer?: LayerName }; result: WriteResult };
  'auth.signInWithByteSpike': { params: { gatewayUrl: string }; result: { authorizeUrl: string; openedByCore: boolean } };
  'skills.list': { params: Record<string, never>; result: readonly SkillSummary[] };
  'mcp.tools': { params: Record<string, never>; result: readonly ToolSummary[] };
  /** Every configured MCP server: state, transport, its tools, restarts, last error; denied and invalid ones too. */
  'mcp.servers': { params: Record<string, never>; result: readonly McpServerStatus[] };
  'mcp.restart': { params: { name: string }; result: { restarted: true } };
}

/** The typed event map: event name -> payload. */
export interface BridgeEvents {
  /** One canonical stream part of a running turn (chat or compare column); `step` counts model calls (part indexes restart per step). */
  'chat.part': { turnId: string; sessionId: string; step: number; part: StreamPart };
  /** A turn's metrics once it ended (summed over its model calls), and the session's new totals. */
  'chat.usage': { turnId: string; sessionId: string; metrics: TurnMetrics; totals: SessionTotals };
  /** A turn is over: finished, cancelled or failed (`error`). */
  'chat.done': { turnId: string; sessionId: string; stop: 'finished' | 'step-limit' | 'cancelled' | 'error'; error?: string };
  /** A tool call waits for the user's decision. */
  'tool.request': { turnId: string; sessionId: string; callId: string; name: string; action: string; input: unknown };
  /** A tool call's output (or why it was refused). */
  'tool.result': { turnId: string; sessionId: string; callId: string; output: string; isError: boolean };
  'auth.result': { ok: true; provider: string } | { ok: false; error: string };
  /** Files in some layer changed on disk (settings, skills, MCP servers). */
  'scopes.changed': { layers: readonly LayerName[] };
  /** A native menu item or shortcut the shell handles (Electron's app menu). */
  'app.command': { command: AppCommand };
}

/** Commands both the command palette and Electron's menu run. */
export const APP_COMMANDS = ['new-chat', 'compare', 'scopes', 'skills', 'mcp', 'settings', 'command-palette', 'toggle-theme', 'choose-model', 'search-sessions'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export type BridgeMethod = keyof BridgeMethods;
export type BridgeEvent = keyof BridgeEvents;
export type ParamsOf<M extends BridgeMethod> = BridgeMethods[M]['params'];
export type ResultOf<M extends BridgeMethod> = BridgeMethods[M]['result'];

/** What the renderer holds: `window.dosia` in Electron, a fetch/EventSource client on the web. */
export interface DosiaBridge {
  invoke<M extends BridgeMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Returns the unsubscribe. */
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

/** A failed invoke as it crosses the bridge: the BSK code and a message a person can act on. */
export interface BridgeFailure {
  readonly code: string;
  readonly message: string;
}

/** The IPC channel names Electron uses (one for invoke, one for every event). */
export const IPC_INVOKE_CHANNEL = 'dosia:invoke';
export const IPC_EVENT_CHANNEL = 'dosia:event';

/** Every method, checked against the map by the compiler (a missing or unknown name does not type-check). */
const METHOD_NAMES: Record<BridgeMethod, true> = {
  'app.info': true, 'models.list': true, 'chat.send': true, 'chat.cancel': true, 'tool.approve': true, 'compare.run': true, 'compare.pick': true,
  'scopes.list': true, 'settings.get': true, 'settings.set': true, 'settings.unset': true, 'sessions.list': true, 'sessions.open': true, 'sessions.search': true, 'sessions.attachment': true,
  'providers.list': true, 'providers.add': true, 'auth.signInWithByteSpike': true, 'skills.list': true, 'mcp.tools': true, 'mcp.servers': true, 'mcp.restart': true,
};
export const BRIDGE_METHODS = Object.keys(METHOD_NAMES) as readonly BridgeMethod[];

/** An invoke's answer as it crosses IPC or HTTP: errors travel as data, never as thrown objects. */
export type BridgeReply<T = unknown> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: BridgeFailure };

/** Where a bridge event goes: the one listener the transport (IPC, SSE) registers. */
export type BridgeEventSink = <E extends BridgeEvent>(event: E, payload: BridgeEvents[E]) => void;

/**
 * What a transport carries, untyped: Electron's preload exposes one (over IPC), `dosia web`'s
 * page builds one (over fetch + EventSource). `createBridgeClient` types it into a DosiaBridge.
 */
export interface BridgeTransport {
  invoke(method: string, params: unknown): Promise<BridgeReply>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
