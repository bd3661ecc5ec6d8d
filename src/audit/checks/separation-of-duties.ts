import { ADMIN_ACTIONS as PLANNED_ADMIN_ACTIONS, USER_ACTIONS } from '../../core/policy/actions.js';
import type { KeyRecord } from '../model/inventory.js';
import { accountOfKey, displayName, isGovernedKey } from '../model/key-scope.js';
import { ADMIN_ACTIONS, CRYPTO_ACTIONS, coveredActions, grantsAllKmsActions } from '../policy/actions.js';
import { nonRootPrincipals } from '../policy/principals.js';
import { accountOr, cliPolicyEdit, tfName, tfPolicyDocument, tfStatement } from './snippets.js';
import type { KeyCheck } from './types.js';

interface Duties {
  admin: Set<string>;
  crypto: Set<string>;
  viaKmsStar: boolean;
}

/** Per principal, the administrative and cryptographic actions its Allow statements add up to. */
export function dutiesByPrincipal(key: KeyRecord): Map<string, Duties> {
  const account = accountOfKey(key);
  const duties = new Map<string, Duties>();
  for (const statement of key.policy?.document?.statements ?? []) {
    if (statement.effect !== 'Allow' || statement.notPrincipal) continue;
    const admin = coveredActions(statement, ADMIN_ACTIONS);
    const crypto = coveredActions(statement, CRYPTO_ACTIONS);
    for (const principal of nonRootPrincipals(statement, account)) {
      const entry = duties.get(principal) ?? { admin: new Set(), crypto: new Set(), viaKmsStar: false };
      for (const action of admin) entry.admin.add(action);
      for (const action of crypto) entry.crypto.add(action);
      entry.viaKmsStar ||= grantsAllKmsActions(statement);
      duties.set(principal, entry);
    }
  }
  return duties;
}

function sample(actions: Set<string>): string {
  const list = [...actions].map((action) => action.replace(/^kms:/, ''));
  return list.length > 3 ? `${list.slice(0, 3).join(', ')}, …` : list.join(', ');
}

/**
 * A principal other than the account root that can both administer and use the key (DESIGN.md §4.5:
 * "a principal in both (b) and (c) is a separation-of-duties finding"). Principals holding kms:* are
 * left to the kms-star-non-root check, which already says the same thing more strongly.
 */
export const separationOfDuties: KeyCheck = {
  id: 'separation-of-duties',
  title: 'A principal both administers and uses the key',
  severity: 'warning',
  rationale:
    'Key administrators should not be able to decrypt, and key users should not be able to change the ' +
    'policy or delete the key: otherwise one principal can grant itself access to everything the key ' +
    'protects and cover its tracks. Split the roles into separate statements and principals.',
  evaluate(key) {
    if (!isGovernedKey(key)) return [];
    return [...dutiesByPrincipal(key)]
      .filter(([, duties]) => !duties.viaKmsStar && duties.admin.size > 0 && duties.crypto.size > 0)
      .map(([principal, duties]) => ({
        message:
          `${principal} can both administer (${sample(duties.admin)}) and use (${sample(duties.crypto)}) ` +
          `${displayName(key)}`,
      }));
  },
  remediation(key, { region }) {
    const name = tfName(key);
    const account = accountOr(key);
    return {
      cli: cliPolicyEdit(
        key,
        region,
        'keep administrative and cryptographic actions in separate statements for separate principals',
      ),
      terraform: tfPolicyDocument(name, [
        tfStatement('KeyAdministrators', PLANNED_ADMIN_ACTIONS, [`arn:aws:iam::${account}:role/KeyAdmins`]),
        tfStatement('KeyUsers', USER_ACTIONS, [`arn:aws:iam::${account}:role/app`]),
      ]),
    };
  },
};
