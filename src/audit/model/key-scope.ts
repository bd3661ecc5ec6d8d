import type { KeyFacts, KeyRecord } from './inventory.js';

/**
 * Which keys a read or a check applies to. Shared by the inventory (to skip calls that cannot
 * succeed or do not matter) and by the checks (to skip keys the rule does not cover).
 */

export function isCustomerManaged(facts: KeyFacts | null): facts is KeyFacts {
  return facts?.manager === 'CUSTOMER';
}

/** Keys on their way out: KMS refuses cryptographic use, so hygiene findings on them are noise. */
export function isPendingDeletion(facts: KeyFacts): boolean {
  return facts.state === 'PendingDeletion' || facts.state === 'PendingReplicaDeletion';
}

/**
 * Automatic rotation exists only for customer managed symmetric encryption keys with KMS-generated
 * material outside custom key stores (DESIGN.md §6). AWS managed keys rotate yearly on their own;
 * asymmetric, HMAC, imported and custom key store keys cannot rotate automatically. Only Enabled and
 * Disabled keys report a rotation status that means anything.
 */
export function canRotateAutomatically(facts: KeyFacts | null): boolean {
  if (!isCustomerManaged(facts)) return false;
  return (
    facts.spec === 'SYMMETRIC_DEFAULT' &&
    facts.usage === 'ENCRYPT_DECRYPT' &&
    facts.origin === 'AWS_KMS' &&
    facts.customKeyStoreId === null &&
    (facts.state === 'Enabled' || facts.state === 'Disabled')
  );
}

/** Customer managed keys that are not being deleted: the ones policy, tag and alias checks cover. */
export function isGovernedKey(key: KeyRecord): key is KeyRecord & { facts: KeyFacts } {
  return isCustomerManaged(key.facts) && !isPendingDeletion(key.facts);
}

/** The account that owns a key: DescribeKey's AWSAccountId, else the fifth field of its ARN. */
export function accountOfKey(key: KeyRecord): string | null {
  if (key.facts?.account) return key.facts.account;
  return accountFromArn(key.arn);
}

export function accountFromArn(arn: string | null): string | null {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}

export function partitionFromArn(arn: string | null): string {
  const partition = arn?.split(':')[1];
  return partition && partition.length > 0 ? partition : 'aws';
}

/** How a key is named in findings: its first alias, else its id. */
export function displayName(key: KeyRecord): string {
  return key.aliases[0] ?? key.keyId;
}
