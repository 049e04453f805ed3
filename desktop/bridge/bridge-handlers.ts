import { platform } from 'node:os';
import type { Layers } from '../core/layers/layers';
import { describeScopes } from '../core/layers/scopes-report';
import type { ProviderModels, ProviderSlot } from '../core/providers/dosia-provider';
import { saveProvider } from '../core/providers/provider-settings';
import type { AgentTurns } from './agent-turns';
import type { ConversationStore } from '../core/conversations/conversation-store';
import type { BridgeEventSink, ModelGroup, ProviderSummary, ResultOf, SessionSummary, ToolSummary } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { optionalString, readChatSend, requireLayer, requireProviderType, requireString, requireStringList } from './bridge-params';
import type { BridgeHandlers, BridgeServiceDeps } from './bridge-service';
import { startByteSpikeSignIn, type SignInAttempt } from './byte-spike-sign-in';
import type { CompareRuns } from './compare-runs';
import { findSnippet, summarizeConversation, transcriptOf } from './conversation-transcript';
import { type CoreServices, requireService } from './core-services';

interface HandlerDeps extends BridgeServiceDeps {
  readonly turns: AgentTurns;
  readonly compares: CompareRuns;
  readonly emit: BridgeEventSink;
}

/** The picker shows what can chat; image, embedding and rerank models stay out of it. */
function toModelGroup(list: ProviderModels): ModelGroup {
  const models = list.models.filter((model) => model.modality === 'chat');
  return list.error ? { provider: list.provider, models, error: list.error } : { provider: list.provider, models };
}

/** Providers as the settings define them, keys left out: the slot's view when loaded, the raw settings otherwise. */
function providerSummaries(layers: Layers, slot: ProviderSlot | undefined): ProviderSummary[] {
  if (slot) return slot.configs().map(({ name, type, url, key, layer }) => ({ name, type, url, hasKey: Boolean(key), layer }));
  const setting = layers.get('providers');
  const entries = Object.entries((setting.value ?? {}) as Record<string, { type?: string; url?: string; key?: string }>);
  return entries.map(([name, config]) => ({ name, type: (config.type ?? 'openai') as ProviderSummary['type'], url: config.url ?? '', hasKey: Boolean(config.key), layer: setting.layer }));
}

const PLAIN_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `always` writes the rule before the call goes on, so a refused write (Enterprise, a locked
 * `permissions.allow`) reaches the person with its reason while the call still waits for them.
 */
function approveToolCall(turns: AgentTurns, layers: Layers, params: Record<string, unknown>): ResultOf<'tool.approve'> {
  const turnId = requireString('tool.approve', params, 'turnId');
  const callId = requireString('tool.approve', params, 'callId');
  if (params.decision === 'deny') return { applied: turns.approve(turnId, callId, { decision: 'deny' }) };
  if (params.decision === 'allow') return { applied: turns.approve(turnId, callId, params.remember === true ? { decision: 'session' } : { decision: 'once' }) };
  if (params.decision !== 'always') throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method: 'tool.approve', reason: 'decision must be allow, always or deny' });
  const layer = requireLayer('tool.approve', params);
  const request = turns.pendingApproval(turnId, callId);
  if (!request) return { applied: false };
  const rule = `${request.tool}(*)`;
  const written = layers.withSession(request.sessionId).addPermissionRule('allow', rule, layer);
  return { applied: turns.approve(turnId, callId, { decision: 'always', layer, rule }), saved: { rule, layer, path: written.path } };
}

/** Only files a message of that session refers to can be read back. */
function readSessionAttachment(conversations: ConversationStore, params: Record<string, unknown>): ResultOf<'sessions.attachment'> {
  const sessionId = requireString('sessions.attachment', params, 'sessionId');
  const file = requireString('sessions.attachment', params, 'file');
  const refs = conversations.load(sessionId).events.flatMap((event) => (event.type === 'user' ? event.attachments ?? [] : event.type === 'tool-result' ? event.images ?? [] : []));
  const ref = refs.find((candidate) => candidate.file === file);
  if (!ref) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method: 'sessions.attachment', reason: `${file} is not a file of session ${sessionId}` });
  return { mediaType: ref.mediaType, data: conversations.readAttachment(sessionId, ref).toString('base64') };
}


function searchSessions(services: CoreServices, query: string): SessionSummary[] {
  const conversations = requireService(services, 'conversations')('sessions.search');
  return conversations.list().flatMap((summary) => {
    const snippet = findSnippet(conversations.load(summary.sessionId).events, query);
    return snippet === null ? [] : [summarizeConversation(summary, snippet)];
  });
}

export function createBridgeHandlers(deps: HandlerDeps): { handlers: BridgeHandlers; close(): void } {
  const { services, turns, compares } = deps;
  const { layers } = services;
  const signIns = new Set<SignInAttempt>();
  const scoped = (params: Record<string, unknown>, method: string) => layers.withSession(optionalString(method, params, 'sessionId') ?? null);
  const optionalSlot = () => services.providers;
  const slot = requireService(services, 'providers');
  const conversations = requireService(services, 'conversations');

  async function signIn(gatewayUrl: string) {
    const attempt = await startByteSpikeSignIn({ gatewayUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    signIns.add(attempt);
    attempt.key
      .then((key) => {
        saveProvider(layers, services.secrets, 'bytespike', { type: 'bytespike', url: gatewayUrl, key }, 'personal');
        deps.emit('auth.result', { ok: true, provider: 'bytespike' });
      })
      .catch((error: Error) => deps.emit('auth.result', { ok: false, error: error.message }))
      .finally(() => signIns.delete(attempt));
    const openedByCore = Boolean(deps.openExternal);
    await deps.openExternal?.(attempt.authorizeUrl);
    return { authorizeUrl: attempt.authorizeUrl, openedByCore };
  }

  const handlers: BridgeHandlers = {
    'app.info': () => ({ version: deps.version, shell: deps.shell, platform: platform(), firstRun: providerSummaries(layers, optionalSlot()).length === 0, dataDir: deps.dataDir }),
    'models.list': async (params) => {
      const providers = slot('models.list');
      return (params.refresh === true ? await providers.refreshModels() : await providers.models()).map(toModelGroup);
    },
    'chat.send': (params) => turns.send(readChatSend('chat.send', params)),
    'chat.cancel': (params) => ({ cancelled: turns.cancel(requireString('chat.cancel', params, 'turnId')) }),
    'tool.approve': (params) => approveToolCall(turns, layers, params),
    'compare.run': (params) => compares.run(requireString('compare.run', params, 'text'), requireStringList('compare.run', params, 'models')),
    'compare.pick': (params) => compares.pick(requireString('compare.pick', params, 'compareId'), requireString('compare.pick', params, 'turnId')),
    'scopes.list': (params) => describeScopes(scoped(params, 'scopes.list')),
    'settings.get': (params) => scoped(params, 'settings.get').get(requireString('settings.get', params, 'key')),
    'settings.set': (params) => scoped(params, 'settings.set').set(requireString('settings.set', params, 'key'), params.value, requireLayer('settings.set', params)),
    'settings.unset': (params) => scoped(params, 'settings.unset').unset(requireString('settings.unset', params, 'key'), requireLayer('settings.unset', params)),
    'sessions.list': () => conversations('sessions.list').list().map((summary) => summarizeConversation(summary)),
    'sessions.open': (params) => {
      const sessionId = requireString('sessions.open', params, 'sessionId');
      const store = conversations('sessions.open');
      return transcriptOf(store.load(sessionId), store.list().find((summary) => summary.sessionId === sessionId));
    },
    'sessions.search': (params) => searchSessions(services, requireString('sessions.search', params, 'query')),
    'sessions.attachment': (params) => readSessionAttachment(conversations('sessions.attachment'), params),
    'providers.list': () => ({ providers: providerSummaries(layers, optionalSlot()), denied: optionalSlot()?.denied() ?? [], unusable: optionalSlot()?.unusable() ?? [] }),
    'providers.add': (params) => {
      const name = requireString('providers.add', params, 'name');
      if (!PLAIN_NAME.test(name)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method: 'providers.add', reason: 'name must be lowercase letters, digits and hyphens' });
      const key = optionalString('providers.add', params, 'key');
      const entry = { type: requireProviderType('providers.add', params), url: new URL(requireString('providers.add', params, 'url')).toString().replace(/\/$/, ''), ...(key ? { key } : {}) };
      return saveProvider(layers, services.secrets, name, entry, params.layer === undefined ? 'personal' : requireLayer('providers.add', params));
    },
    'auth.signInWithByteSpike': (params) => signIn(new URL(requireString('auth.signInWithByteSpike', params, 'gatewayUrl')).origin),
    'skills.list': () => requireService(services, 'skills')('skills.list').list().map(({ name, layer, shadows, version, description, problems, denied }) => ({ name, layer, shadows, version, description, problems, denied })),
    'mcp.tools': async (): Promise<ToolSummary[]> => [...(await requireService(services, 'agent')('mcp.tools').tools())],
    'mcp.servers': () => requireService(services, 'mcp')('mcp.servers').servers(),
    'mcp.restart': async (params) => {
      await requireService(services, 'mcp')('mcp.restart').restart(requireString('mcp.restart', params, 'name'));
      return { restarted: true as const };
    },
  };
  return {
    handlers,
    close() {
      for (const attempt of signIns) attempt.cancel();
    },
  };
}
