import type { PolicyStatementView } from './document.js';

/**
 * KMS actions sorted into the two duties a key policy should keep apart (DESIGN.md §4.5): managing the
 * key and using it. Read-only actions (Describe, List, Get) belong to both roles and count for neither;
 * grant actions go with key users (4.5 d) and are left out so a plain user is not flagged.
 */

/** Actions that change the key, its policy or its life cycle. */
export const ADMIN_ACTIONS = [
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ImportKeyMaterial',
  'kms:DeleteImportedKeyMaterial',
  'kms:ReplicateKey',
  'kms:UpdatePrimaryRegion',
] as const;

/** Actions that use the key material. */
export const CRYPTO_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateMac',
  'kms:VerifyMac',
  'kms:Sign',
  'kms:Verify',
  'kms:DeriveSharedSecret',
] as const;

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

const compiled = new Map<string, RegExp>();

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  let regexp = compiled.get(pattern);
  if (!regexp) {
    regexp = globToRegExp(pattern);
    compiled.set(pattern, regexp);
  }
  return regexp.test(action);
}

/** Whether the statement's Action (or NotAction) covers the action. */
export function statementCovers(statement: PolicyStatementView, action: string): boolean {
  const listed = statement.actions.some((pattern) => actionMatches(pattern, action));
  return statement.notAction ? !listed : listed;
}

/**
 * `kms:*` or `*`: every KMS action, including PutKeyPolicy and ScheduleKeyDeletion. A NotAction grants
 * everything it does not list, so it counts as the same when what it leaves still includes
 * PutKeyPolicy, or both managing and using the key (`NotAction: kms:ScheduleKeyDeletion`).
 */
export function grantsAllKmsActions(statement: PolicyStatementView): boolean {
  if (statement.notAction) {
    const admin = coveredActions(statement, ADMIN_ACTIONS);
    return (
      admin.includes('kms:PutKeyPolicy') || (admin.length > 0 && coveredActions(statement, CRYPTO_ACTIONS).length > 0)
    );
  }
  return statement.actions.some((pattern) => pattern === '*' || pattern.toLowerCase() === 'kms:*');
}

export function coveredActions(statement: PolicyStatementView, actions: readonly string[]): string[] {
  return actions.filter((action) => statementCovers(statement, action));
}
