import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { ChatPipeline } from './chat-pipeline';
import type { CountTokensInput, TokenCount } from './count-tokens';
import type { ModelCatalog } from './model-catalog';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { AuthenticatedKey } from '../billing/accounts-service';
import type { KeyGate } from './ports';
import type { UnitPipeline } from './unit-pipeline';

/** What front-ends get from `ctx.use('gateway')`. */
export interface GatewayService {
  readonly catalog: ModelCatalog;
  readonly keys: KeyGate<AuthenticatedKey>;
  readonly chat: ChatPipeline<AuthenticatedKey>;
  /** Embeddings, rerank, images and videos: the same key, wallet and hold rules, priced per unit. */
  readonly units: UnitPipeline<AuthenticatedKey>;
  /** Reads the key from request headers and authenticates it (401 when missing or bad). */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthenticatedKey>;
  countTokens(key: AuthenticatedKey, request: CanonicalRequest, input: CountTokensInput): Promise<TokenCount>;
  /** Whether the key's scopes and model allowlist cover this model (for listings). */
  mayUse(key: AuthenticatedKey, model: ModelInfo): boolean;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    gateway: GatewayService;
  }
}
