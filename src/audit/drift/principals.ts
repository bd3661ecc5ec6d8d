import { ADMIN_ACTIONS, CRYPTO_ACTIONS, coveredActions, grantsAllKmsActions } from '../policy/actions.js';
import type { PolicyStatementView } from '../policy/document.js';
import { principalsOf } from '../policy/principals.js';
import { policyPair, restorePlannedPolicy, setDifference } from './policies.js';
import type { DriftHit, DriftRule } from './types.js';

function actionKey(statement: PolicyStatementView): string {
  const actions = new Set(statement.actions.map((action) => action.toLowerCase()));
  return `${statement.effect}|${statement.notAction}|${[...actions].sort().join(',')}`;
}

/** What a statement is for, in the words of DESIGN.md §4.5, so a message says "administrators" or "users". */
function role(statement: PolicyStatementView): string {
  if (grantsAllKmsActions(statement)) return 'full access';
  const admin = coveredActions(statement, ADMIN_ACTIONS).length > 0;
  const crypto = coveredActions(statement, CRYPTO_ACTIONS).length > 0;
  if (admin && !crypto) return 'administrators';
  if (crypto && !admin) return 'users';
  return 'principals';
}

function label(statement: PolicyStatementView): string {
  return statement.sid === null ? `statement (${statement.actions.join(', ')})` : `statement "${statement.sid}"`;
}

/**
 * Pairs planned statements with live ones: the same Sid first, else the same action set (a hand edit
 * may drop the Sid but rarely rewrites the action list). Pairs are one-to-one.
 */
export function matchStatements(
  planned: readonly PolicyStatementView[],
  live: readonly PolicyStatementView[],
): {
  pairs: Array<[PolicyStatementView, PolicyStatementView]>;
  unmatchedPlanned: PolicyStatementView[];
  unmatchedLive: PolicyStatementView[];
} {
  const free = new Set(live);
  const pairs: Array<[PolicyStatementView, PolicyStatementView]> = [];
  const unmatchedPlanned: PolicyStatementView[] = [];
  const take = (predicate: (candidate: PolicyStatementView) => boolean) => {
    const found = [...free].find(predicate);
    if (found) free.delete(found);
    return found;
  };
  const pending: PolicyStatementView[] = [];
  for (const statement of planned) {
    const bySid = statement.sid === null ? undefined : take((candidate) => candidate.sid === statement.sid);
    if (bySid) pairs.push([statement, bySid]);
    else pending.push(statement);
  }
  for (const statement of pending) {
    const byActions = take((candidate) => actionKey(candidate) === actionKey(statement));
    if (byActions) pairs.push([statement, byActions]);
    else unmatchedPlanned.push(statement);
  }
  return { pairs, unmatchedPlanned, unmatchedLive: [...free] };
}

/**
 * Administrators and users: the principal set of each planned Allow statement against its live match.
 * Principals only live are access nobody approved (error); principals only planned are missing access
 * (warning); a live Allow statement with no planned counterpart is unapproved access too (error).
 */
export const principalDrift: DriftRule = {
  id: 'drift-principals',
  title: 'Key administrators or users differ from the plan',
  rationale:
    'Who may administer and who may use a key is the core of the approved plan (DESIGN.md §4.5 b, c). ' +
    'Extra principals hold access the security team never signed off; missing ones break the application ' +
    'or leave the key without administrators.',
  compare(live, planned) {
    const pair = policyPair(live, planned);
    if (pair === null) return [];
    const allow = (statements: readonly PolicyStatementView[]) => statements.filter((s) => s.effect === 'Allow');
    const { pairs, unmatchedPlanned, unmatchedLive } = matchStatements(
      allow(pair.planned.statements),
      allow(pair.live.statements),
    );
    const hits: DriftHit[] = [];
    for (const [want, have] of pairs) {
      const extra = setDifference(new Set(principalsOf(have)), new Set(principalsOf(want)));
      const missing = setDifference(new Set(principalsOf(want)), new Set(principalsOf(have)));
      const what = `${role(want)} (${label(want)})`;
      if (extra.length > 0) hits.push({ severity: 'error', message: `${what}: ${extra.join(', ')} not in the plan` });
      if (missing.length > 0)
        hits.push({ severity: 'warning', message: `${what}: planned ${missing.join(', ')} missing` });
    }
    for (const want of unmatchedPlanned) {
      hits.push({
        severity: 'warning',
        message: `planned ${role(want)} ${label(want)} for ${principalsOf(want).join(', ')} is missing from the live policy`,
      });
    }
    for (const have of unmatchedLive) {
      hits.push({
        severity: 'error',
        message: `live ${label(have)} grants ${have.actions.join(', ')} to ${principalsOf(have).join(', ')}, not in the plan`,
      });
    }
    return hits;
  },
  remediation(live, planned, { region }) {
    return restorePlannedPolicy(live, planned, region);
  },
};
