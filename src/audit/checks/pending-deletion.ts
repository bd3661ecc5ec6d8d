import { displayName, isCustomerManaged, isPendingDeletion } from '../model/key-scope.js';
import { cliKey, daysBetween, tfImportNote, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/**
 * A key scheduled for deletion. Once deleted, everything encrypted under it is lost for good, so an
 * unintended schedule is the most expensive mistake in KMS; AWS Security Hub rates it critical (KMS.3).
 */
export const pendingDeletion: KeyCheck = {
  id: 'pending-deletion',
  title: 'Key is scheduled for deletion',
  severity: 'error',
  rationale:
    'Deleting a KMS key is irreversible: data encrypted under it can never be decrypted again. Confirm ' +
    'that nothing still depends on the key (CloudTrail Decrypt events during the waiting period) or cancel.',
  evaluate(key, { now }) {
    if (!isCustomerManaged(key.facts) || !isPendingDeletion(key.facts)) return [];
    const when = key.facts.deletionDate;
    const days = when === null ? null : Math.max(0, Math.ceil(daysBetween(now, new Date(when))));
    const schedule = when === null ? 'scheduled for deletion' : `scheduled for deletion on ${when} (${days} days)`;
    return [{ message: `${displayName(key)} is ${schedule}` }];
  },
  remediation(key, { region }) {
    return {
      cli: [
        `aws kms cancel-key-deletion ${cliKey(key, region)}`,
        '# cancelling leaves the key disabled: enable it again if it is still in use',
        `aws kms enable-key ${cliKey(key, region)}`,
      ].join('\n'),
      terraform: [
        tfImportNote(key),
        `resource "aws_kms_key" "${tfName(key)}" {`,
        '  is_enabled              = true',
        '  deletion_window_in_days = 30',
        '  lifecycle {',
        '    prevent_destroy = true',
        '  }',
        '}',
      ].join('\n'),
    };
  },
};
