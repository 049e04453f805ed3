import type { Logger } from '../../../kernel/logger';
import type { AccountsService } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import type { Store } from '../../stores/store';
import type { HttpHost } from '../../http/http-host';
import type { Modality } from '../../../kernel/canonical/model';
import type { ModalityProvider } from '../../../kernel/canonical/modality-providers';
import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { GatewayService } from '../../router/gateway-service';
import type { ConsoleIdentity } from './console-identity';
import type { RedemptionCodes } from './redemption-codes';
import type { SessionGuard } from './session-guard';

/** A provider instance as contributed for one modality (a provider of several is there once per modality). */
export interface ModalityProviderEntry {
  readonly modality: Modality;
  readonly provider: ChatProvider | ModalityProvider;
}

/** Everything the Console's routes use, built once in `activate`. */
export interface ConsoleServices {
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  readonly identity: ConsoleIdentity;
  readonly guard: SessionGuard;
  readonly codes: RedemptionCodes;
  readonly gateway: GatewayService;
  readonly http: HttpHost;
  /** Every provider instance of every modality, enabled or not (the Providers page lists both). */
  readonly providers: () => readonly ModalityProviderEntry[];
  readonly logger: Logger;
  readonly now: () => Date;
}
