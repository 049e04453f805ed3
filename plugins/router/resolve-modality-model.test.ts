import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ModalityProvider } from '../../kernel/canonical/modality-providers';
import type { ChatProvider } from '../../kernel/canonical/provider';
import { ModelCatalog } from './model-catalog';
import { resolveModalityModel } from './resolve-modality-model';

function modelOf(provider: string, upstreamId: string, modality: ModelInfo['modality'], aliases: string[] = []): ModelInfo {
  return { id: `${provider}/${upstreamId}`, provider, upstreamId, aliases, displayName: upstreamId, modality, capabilities: [], pricing: {} };
}

const provider = (name: string, models: ModelInfo[], enabled = true): ModalityProvider => ({ name, enabled, models: () => models });

const chat = { name: 'talk', protocol: 'openai-chat', enabled: true, models: () => [modelOf('talk', 'chatter', 'chat', ['chatter'])] } as unknown as ChatProvider;
const catalog = new ModelCatalog(() => [chat]);
const resolve = (providers: ModalityProvider[], name: string) => resolveModalityModel(providers, catalog, { modality: 'embeddings', name, endpoint: 'embeddings' });

describe('resolveModalityModel', () => {
  const small = modelOf('vectors', 'embed-small', 'embeddings', ['small']);
  const vectors = provider('vectors', [small]);

  it('finds a model by gateway id, by provider/upstream id or alias, and by bare alias or upstream id', () => {
    for (const name of ['vectors/embed-small', 'vectors/small', 'small', 'embed-small']) expect(resolve([vectors], name)).toEqual({ model: small, provider: vectors });
  });

  it('prefers an enabled provider of the same model name, and says which provider is missing its key otherwise', () => {
    const local = modelOf('local', 'embed-small', 'embeddings', ['small']);
    const disabled = provider('local', [local], false);
    expect(resolve([disabled, vectors], 'small')).toEqual({ model: small, provider: vectors });
    expect(() => resolve([disabled], 'small')).toThrow(expect.objectContaining({ code: 'BSK_GATEWAY_PROVIDER_DISABLED', status: 503, details: { provider: 'local' } }));
  });

  it('refuses a model of another modality with a 400 naming its modality, and an unknown one with a 404', () => {
    expect(() => resolve([vectors], 'chatter')).toThrow(expect.objectContaining({ code: 'BSK_GATEWAY_MODEL_WRONG_MODALITY', status: 400, details: { model: 'talk/chatter', modality: 'chat', endpoint: 'embeddings' } }));
    expect(() => resolve([vectors], 'other/embed-small')).toThrow(expect.objectContaining({ code: 'BSK_GATEWAY_MODEL_NOT_FOUND', status: 404 }));
  });

  it('refuses a model its provider has retired, naming the day, and serves one it retires later', () => {
    const retired = { ...modelOf('vectors', 'embed-old', 'embeddings', ['old']), retiresAt: '2020-01-01' };
    const retiring = { ...modelOf('vectors', 'embed-late', 'embeddings', ['late']), retiresAt: '2999-01-01' };
    const withLifecycles = provider('vectors', [small, retired, retiring]);
    expect(() => resolve([withLifecycles], 'old')).toThrow(expect.objectContaining({ code: 'BSK_GATEWAY_MODEL_RETIRED', status: 404, message: 'model "vectors/embed-old" was retired by its provider on 2020-01-01; GET /v1/models lists the models this key may use' }));
    expect(resolve([withLifecycles], 'late').model).toBe(retiring);
  });
});
