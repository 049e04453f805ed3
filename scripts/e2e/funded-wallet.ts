import type OpenAI from 'openai';
import { gatewayClients } from './gateway-clients';
import type { GatewayHarness } from './gateway-harness';

/**
 * An org of its own whose wallet holds exactly `credits`, and an OpenAI client on its key: for
 * tests that a hold is refused up front (402) at one credit short, or charged to the credit.
 * `limits` are the key's own (a tokens-per-minute limit).
 */
export async function fundedWallet(gateway: GatewayHarness, credits: number, limits: { tpm?: number } = {}): Promise<{ openai: OpenAI; orgId: string; balance: () => Promise<number> }> {
  const accounts = gateway.kernel.use('accounts');
  const billing = gateway.kernel.use('billing');
  const org = await accounts.createOrg({ name: `Wallet of ${credits}` });
  await billing.topUp(org.id, credits, 'e2e funding');
  const member = await accounts.addMember(org.id, { email: `owner-${credits}@e2e.test`, role: 'owner' });
  const { key } = await accounts.createKey(member.id, { name: 'e2e', ...limits });
  return { openai: gatewayClients({ url: gateway.url, apiKey: key }).openai, orgId: org.id, balance: async () => (await billing.wallet(org.id)).balance };
}
