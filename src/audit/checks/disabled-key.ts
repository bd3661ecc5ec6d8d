import { displayName, isCustomerManaged } from '../model/key-scope.js';
import { cliKey, tfImportNote, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/**
 * A disabled customer managed key: data under it cannot be decrypted, yet it is still billed. Either it
 * is still needed (enable it) or it is on its way out (schedule deletion after checking CloudTrail).
 */
export const disabledKey: KeyCheck = {
  id: 'disabled-key',
  title: 'Key is disabled',
  severity: 'warning',
  rationale:
    'A disabled key blocks every cryptographic operation, so anything still encrypted under it is ' +
    'unreadable, while the key keeps costing $1 a month. Decide: enable it, or retire it deliberately.',
  evaluate(key) {
    if (!isCustomerManaged(key.facts) || key.facts.state !== 'Disabled') return [];
    return [{ message: `${displayName(key)} is disabled` }];
  },
  remediation(key, { region }) {
    return {
      cli: [
        `aws kms enable-key ${cliKey(key, region)}`,
        '# or, once CloudTrail shows no use for the whole retention period:',
        `aws kms schedule-key-deletion ${cliKey(key, region)} --pending-window-in-days 30`,
      ].join('\n'),
      terraform: [tfImportNote(key), `resource "aws_kms_key" "${tfName(key)}" {`, '  is_enabled = true', '}'].join(
        '\n',
      ),
    };
  },
};
