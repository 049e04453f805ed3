import { platform } from 'node:os';
import type { Layers } from '../core/layers/layers';
import { describeScopes } from '../core/layers/scopes-report';
import type { ProviderModels, ProviderSlot } from '../core/providers/dosia-provider';
import type { BridgeEventSink, CompareColumn, ModelGroup, ProviderSummary } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { optionalString, readChatSend, requireLayer, requireProviderType, requireString, requireStringList } from './bridge-params';
import type { BridgeHandlers, BridgeServiceDeps } from './bridge-service';
import { startByteSpikeSignIn, type SignInAttempt } from './byte-spike-sign-in';
import type { ChatSessions } from './chat-sessions';

interface HandlerDeps extends Omit<BridgeServiceDeps, 'providers'> {
  readonly providers: () => ProviderSlot;
  readonly sessions: ChatSessions;
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

export function createBridgeHandlers(deps: HandlerDeps): { handlers: BridgeHandlers; close(): void } {
  const { layers, sessions } = deps;
  const compares = new Map<string, readonly CompareColumn[]>();
  const signIns = new Set<SignInAttempt>();
  const scoped = (params: Record<string, unknown>, method: string) => layers.withSession(optionalString(method, params, 'sessionId') ?? null);
  const optionalSlot = () => {
    try {
      return deps.providers();
    } catch {
      return undefined;
    }
  };

  async function signIn(gatewayUrl: string) {
    const attempt = await startByteSpikeSignIn({ gatewayUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    signIns.add(attempt);
    attempt.key
      .then((key) => {
        layers.set('providers.bytespike', { type: 'bytespike', url: gatewayUrl, key }, 'personal');
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
      const slot = deps.providers();
      return (params.refresh === true ? await slot.refreshModels() : await slot.models()).map(toModelGroup);
    },
    'chat.send': (params) => sessions.send(readChatSend('chat.send', params)),
    'chat.cancel': (params) => ({ cancelled: sessions.cancel(requireString('chat.cancel', params, 'turnId')) }),
    'tool.approve': () => {
      throw bridgeErrors.create('BSK_BRIDGE_UNAVAILABLE', { service: 'the agent loop', method: 'tool.approve' });
    },
    'compare.run': async (params) => {
      const text = requireString('compare.run', params, 'text');
      const models = requireStringList('compare.run', params, 'models');
      await Promise.all(models.map((model) => deps.providers().resolveModel(model)));
      const columns = await Promise.all(models.map((model) => sessions.send({ text, model }, { hidden: true })));
      const compareId = `cmp_${columns[0]!.turnId.slice(5)}`;
      compares.set(compareId, columns);
      return { compareId, columns };
    },
    'compare.pick': (params) => {
      const compareId = requireString('compare.pick', params, 'compareId');
      const turnId = requireString('compare.pick', params, 'turnId');
      const columns = compares.get(compareId) ?? [];
      const winner = columns.find((column) => column.turnId === turnId);
      if (!winner) throw bridgeErrors.create('BSK_BRIDGE_UNKNOWN_TURN', { turnId });
      compares.delete(compareId);
      sessions.discard(columns.filter((column) => column !== winner).map((column) => column.sessionId));
      return sessions.reveal(winner.sessionId);
    },
    'scopes.list': (params) => describeScopes(scoped(params, 'scopes.list')),
    'settings.get': (params) => scoped(params, 'settings.get').get(requireString('settings.get', params, 'key')),
    'settings.set': (params) => scoped(params, 'settings.set').set(requireString('settings.set', params, 'key'), params.value, requireLayer('settings.set', params)),
    'settings.unset': (params) => scoped(params, 'settings.unset').unset(requireString('settings.unset', params, 'key'), requireLayer('settings.unset', params)),
    'sessions.list': () => sessions.list(),
    'sessions.open': (params) => sessions.open(requireString('sessions.open', params, 'sessionId')),
    'sessions.search': (params) => sessions.search(requireString('sessions.search', params, 'query')),
    'providers.list': () => ({ providers: providerSummaries(layers, optionalSlot()), denied: optionalSlot()?.denied() ?? [] }),
    'providers.add': (params) => {
      const name = requireString('providers.add', params, 'name');
      if (!PLAIN_NAME.test(name)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method: 'providers.add', reason: 'name must be lowercase letters, digits and hyphens' });
      const key = optionalString('providers.add', params, 'key');
      const config = { type: requireProviderType('providers.add', params), url: new URL(requireString('providers.add', params, 'url')).toString().replace(/\/$/, ''), ...(key ? { key } : {}) };
      return layers.set(`providers.${name}`, config, params.layer === undefined ? 'personal' : requireLayer('providers.add', params));
    },
    'auth.signInWithByteSpike': (params) => signIn(new URL(requireString('auth.signInWithByteSpike', params, 'gatewayUrl')).origin),
    'skills.list': (params) => scoped(params, 'skills.list').list('skills'),
    'mcp.tools': (params) => scoped(params, 'mcp.tools').list('mcp'),
  };
  return {
    handlers,
    close() {
      for (const attempt of signIns) attempt.cancel();
    },
  };
}
