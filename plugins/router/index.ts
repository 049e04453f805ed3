import { definePlugin } from '../../kernel/plugin';
import { computeCredits, estimateMaxCredits, estimateMaxTokens, priceForShape } from '../billing/pricing';
import { createChatPipeline } from './chat-pipeline';
import { countRequestTokens } from './count-tokens';
import type { GatewayService } from './gateway-service';
import { ModelCatalog } from './model-catalog';
import type { CreditMeter, KeyGate } from './ports';
import type { AuthenticatedKey } from '../billing/accounts-service';
import { modelsAllow } from '../billing/key-policy';
import { readApiKey } from './request-key';
import { createUnitPipeline, type ModalityProviderMap, type UnitModality } from './unit-pipeline';

/** The contribution point of each metered modality's providers. */
const PROVIDER_POINT = { embeddings: 'embedding-provider', rerank: 'rerank-provider', images: 'image-provider', videos: 'video-provider' } as const;

export const activate = definePlugin((ctx) => {
  const accounts = ctx.use('accounts');
  const billing = ctx.use('billing');
  const modalityProviders = <Modality extends UnitModality>(modality: Modality) => ctx.contributions(PROVIDER_POINT[modality]) as unknown as readonly ModalityProviderMap[Modality][];
  const catalog = new ModelCatalog(() => ctx.contributions('chat-provider'), () => (Object.keys(PROVIDER_POINT) as UnitModality[]).flatMap((modality) => modalityProviders(modality)));
  const keys: KeyGate<AuthenticatedKey> = {
    authenticate: (rawKey) => accounts.authenticate(rawKey),
    async admit(key, need) {
      accounts.authorize(key, need);
      await accounts.checkRate(key);
    },
    authorize: (key, need) => accounts.authorize(key, need),
  };
  // Tokens-per-minute holds ride along with the credit hold: taken before it, corrected when it settles, given back when it is released or refused.
  const meter: CreditMeter<AuthenticatedKey> = {
    async reserve(input) {
      await accounts.reserveTokens(input.key, input.requestId, input.tokens ?? 0);
      await billing.reserve(input).catch(async (error: unknown) => {
        await accounts.settleTokens(input.requestId, 0);
        throw error;
      });
    },
    async settle(requestId, input, onCharged) {
      try {
        return (await billing.settle(requestId, input, onCharged ? { onDecided: (settlement) => onCharged(settlement.credits) } : {})).credits;
      } finally {
        await accounts.settleTokens(requestId, (input.usage.inputTokens ?? 0) + (input.usage.outputTokens ?? 0));
      }
    },
    async release(requestId, reason) {
      try {
        await billing.release(requestId, reason);
      } finally {
        await accounts.settleTokens(requestId, 0);
      }
    },
  };
  const flagDeps = { flags: ctx.tryUse('feature-flags'), middlewares: () => ctx.contributions('chat-middleware') };
  const gateway: GatewayService = {
    catalog,
    keys,
    chat: createChatPipeline({ catalog, keys, meter, pricing: { computeCredits, estimateMaxCredits }, ...flagDeps }),
    units: createUnitPipeline({ catalog, providers: modalityProviders, keys, meter, pricing: { computeCredits, estimateMaxCredits, estimateMaxTokens, priceForShape }, ...flagDeps }),
    authenticate: (headers) => keys.authenticate(readApiKey(headers)),
    countTokens: (key, request, input) => countRequestTokens({ catalog, keys, ...flagDeps }, key, request, input),
    mayUse: (key, model) => key.scopes.includes(model.modality) && modelsAllow(key.models, model.id),
  };
  ctx.provide('gateway', gateway);
});
