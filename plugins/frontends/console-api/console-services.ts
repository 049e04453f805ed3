import type { Logger } from '../../../kernel/logger';
import type { AccountsService } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import type { Store } from '../../stores/store';
import type { HttpHost } from '../../http/http-host';
import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { GatewayService } from '../../router/gateway-service';
import type { ConsoleIdentity } from './console-identity';
import type { RedemptionCodes } from './redemption-codes';
import type { SessionGuard } from './session-guard';

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
  /** Every chat provider instance, enabled or not (the Providers page lists both). */
  readonly providers: () => readonly ChatProvider[];
  readonly logger: Logger;
  readonly now: () => Date;
}
