import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { KeyRecord } from '../model/inventory.js';
import { accountOfKey } from '../model/key-scope.js';

/**
 * The audited account: STS GetCallerIdentity when we have an STS client (with --role-arn it reports the
 * assumed role's account), else the account in the key ARNs. STS failing is not fatal: the KMS calls
 * that follow are the authority on whether the credentials work.
 */
export async function callerAccount(sts: STSClient | null): Promise<string | null> {
  if (sts === null) return null;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return identity.Account && /^\d{12}$/.test(identity.Account) ? identity.Account : null;
  } catch {
    return null;
  }
}

export function accountFromKeys(keys: readonly KeyRecord[]): string | null {
  for (const key of keys) {
    const account = accountOfKey(key);
    if (account !== null) return account;
  }
  return null;
}
