import { ADMIN_ACTIONS as PLANNED_ADMIN_ACTIONS } from '../../core/policy/actions.js';
import { accountOfKey, displayName, isGovernedKey } from '../model/key-scope.js';
import { grantsAllKmsActions } from '../policy/actions.js';
import { nonRootPrincipals } from '../policy/principals.js';
import { accountOr, cliPolicyEdit, tfName, tfPolicyDocument, tfStatement } from './snippets.js';
import type { KeyCheck } from './types.js';

/**
 * `kms:*` (or `*`) for anyone but the key account's root. The root statement is the one place `kms:*`
 * belongs (it delegates to IAM and prevents lockout, DESIGN.md §4.5 a); on any other principal it hands
 * over PutKeyPolicy, ScheduleKeyDeletion and Decrypt at once.
 */
export const kmsStarNonRoot: KeyCheck = {
  id: 'kms-star-non-root',
  title: 'kms:* granted to a principal other than the account root',
  severity: 'error',
  rationale:
    'kms:* lets a principal rewrite the key policy, schedule the key for deletion and decrypt everything: ' +
    'one compromised role then controls the key. Give administrators the administrative actions and key ' +
    'users the cryptographic ones, each listed explicitly.',
  evaluate(key) {
    if (!isGovernedKey(key)) return [];
    const account = accountOfKey(key);
    const statements = key.policy?.document?.statements ?? [];
    return statements
      .filter((statement) => statement.effect === 'Allow' && !statement.notPrincipal && grantsAllKmsActions(statement))
      .flatMap((statement) => {
        const principals = nonRootPrincipals(statement, account);
        if (principals.length === 0) return [];
        const sid = statement.sid === null ? '' : ` (statement "${statement.sid}")`;
        const what = statement.notAction
          ? `every action except ${statement.actions.join(', ') || 'none'} (NotAction, as good as kms:*)`
          : 'kms:*';
        return [{ message: `${displayName(key)} grants ${what} to ${principals.join(', ')}${sid}` }];
      });
  },
  remediation(key, { region }) {
    const name = tfName(key);
    const account = accountOr(key);
    return {
      cli: cliPolicyEdit(
        key,
        region,
        'replace "kms:*" with the explicit administrative or cryptographic actions the principal needs',
      ),
      terraform: tfPolicyDocument(name, [
        tfStatement('EnableRootAccess', ['kms:*'], [`arn:aws:iam::${account}:root`]),
        tfStatement('KeyAdministrators', PLANNED_ADMIN_ACTIONS, [`arn:aws:iam::${account}:role/KeyAdmins`]),
      ]),
    };
  },
};
