import type { ConditionClause, PolicyStatementView } from './document.js';

/**
 * Whether a statement that names `*` as principal is still confined to known callers. It is when a
 * condition pins the caller's identity (account, organisation, principal ARN) or the calling
 * resource's account to fixed values: a positive operator (an absent key then fails the match), no
 * `IfExists`, no `ForAllValues` (true for an absent key), and values without wildcards in the part
 * that identifies the account or organisation.
 */

const ACCOUNT = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ARN_WITH_ACCOUNT = /^arn:[a-z-]+:[a-z0-9-]*:[a-z0-9-]*:\d{12}:.+$/;
const ORG_PATH = /^o-[a-z0-9]{10,32}\/.+$/;

const FIXED_VALUE_KEYS: Readonly<Record<string, RegExp>> = {
  'kms:calleraccount': ACCOUNT,
  'aws:principalaccount': ACCOUNT,
  'aws:sourceaccount': ACCOUNT,
  'aws:principalorgid': ORG_ID,
  'aws:sourceorgid': ORG_ID,
  'aws:principalorgpaths': ORG_PATH,
  'aws:sourceorgpaths': ORG_PATH,
  'aws:principalarn': ARN_WITH_ACCOUNT,
  'aws:sourcearn': ARN_WITH_ACCOUNT,
};

const POSITIVE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

function isPinning(clause: ConditionClause): boolean {
  const pattern = FIXED_VALUE_KEYS[clause.key];
  if (!pattern) return false;
  const operator = clause.operator.toLowerCase().replace(/^foranyvalue:/, '');
  if (!POSITIVE_OPERATORS.has(operator)) return false;
  return clause.values.length > 0 && clause.values.every((value) => pattern.test(value));
}

export function isConfinedByConditions(statement: PolicyStatementView): boolean {
  return statement.conditions.some(isPinning);
}

/** Values of every `kms:ViaService` condition in a list of statements, lower-cased and de-duplicated. */
export function viaServiceValues(statements: readonly PolicyStatementView[]): Set<string> {
  const values = new Set<string>();
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    for (const clause of statement.conditions) {
      if (clause.key === 'kms:viaservice') for (const value of clause.values) values.add(value.toLowerCase());
    }
  }
  return values;
}
