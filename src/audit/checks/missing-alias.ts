import { isGovernedKey } from '../model/key-scope.js';
import { hcl, sh, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/** A customer managed key nobody named: people and plans find keys by alias, not by UUID. */
export const missingAlias: KeyCheck = {
  id: 'missing-alias',
  title: 'Customer managed key without an alias',
  severity: 'info',
  rationale:
    'An alias (alias/<application>/<stage>/<classification>) tells reviewers what a key is for, lets ' +
    'applications refer to it without hard-coding its id, and is how keyplan matches live keys to the plan.',
  evaluate(key, { aliasesReadable }) {
    if (!aliasesReadable || !isGovernedKey(key) || key.aliases.length > 0) return [];
    return [{ message: `customer managed key ${key.keyId} has no alias` }];
  },
  remediation(key, { region }) {
    return {
      cli: `aws kms create-alias --alias-name 'alias/<application>/<stage>/<classification>' --target-key-id ${sh(key.keyId)} --region ${sh(region)}`,
      terraform: [
        `resource "aws_kms_alias" "${tfName(key)}" {`,
        '  name          = "alias/<application>/<stage>/<classification>"',
        `  target_key_id = ${hcl(key.keyId)}`,
        '}',
      ].join('\n'),
    };
  },
};
