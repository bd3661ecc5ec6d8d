import { isGovernedKey } from '../model/key-scope.js';
import { tfName } from './snippets.js';
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
      cli: `aws kms create-alias --alias-name alias/<application>/<stage>/<classification> --target-key-id ${key.keyId} --region ${region}`,
      terraform: [
        `resource "aws_kms_alias" "${tfName(key)}" {`,
        '  name          = "alias/<application>/<stage>/<classification>"',
        `  target_key_id = "${key.keyId}"`,
        '}',
      ].join('\n'),
    };
  },
};
