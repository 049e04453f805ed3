import type { AccountsService, AuthenticatedKey, KeyInfo } from '../../billing/accounts-service';
import { billingErrors } from '../../billing/errors';
import type { Scope } from '../../billing/key-policy';
import type { Store } from '../../stores/store';

/**
 * A stored key as the holder `accounts.deriveKey` expects, for sessions that manage keys
 * without holding their raw value. The whole chain must be live, as `authenticate` requires.
 */
export async function keyAsHolder(store: Store, accounts: AccountsService, key: KeyInfo, at: Date): Promise<AuthenticatedKey> {
  const chain = await store.listKeyChain(key.id);
  const live = chain.every((link) => link.revokedAt === null && (link.expiresAt === null || Date.parse(link.expiresAt) > at.getTime()));
  if (!live) throw billingErrors.create('BSK_KEYS_NOT_FOUND', { keyId: key.id });
  const member = await accounts.getMember(key.memberId);
  return {
    keyId: key.id, orgId: key.orgId, memberId: key.memberId, role: member.role, parentId: key.parentId, scopes: key.scopes as Scope[], models: key.models,
    creditLimit: key.creditLimit, rpm: key.rpm, memberRpm: member.rpm, prefix: key.prefix, name: key.name,
  };
}
