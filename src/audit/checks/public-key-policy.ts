import type { KeyRecord } from '../model/inventory.js';
import { displayName, isGovernedKey } from '../model/key-scope.js';
import { isConfinedByConditions } from '../policy/conditions.js';
import type { PolicyStatementView } from '../policy/document.js';
import { accountOr, cliPolicyEdit, hcl, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/**
 * An Allow statement for everyone (`Principal: "*"`, `{"AWS":"*"}` or a NotPrincipal) that no
 * fixed-value condition confines to known callers (kms:CallerAccount, aws:PrincipalAccount,
 * aws:PrincipalOrgID, ...). Any AWS account could then use the key.
 */
export function publicStatements(key: KeyRecord): PolicyStatementView[] {
  const statements = key.policy?.document?.statements ?? [];
  return statements.filter(
    (statement) =>
      statement.effect === 'Allow' &&
      (statement.principals.wildcard || statement.notPrincipal) &&
      !isConfinedByConditions(statement),
  );
}

function describe(statement: PolicyStatementView): string {
  const sid = statement.sid === null ? 'a statement without Sid' : `statement "${statement.sid}"`;
  const actions = statement.notAction
    ? `every action except ${statement.actions.join(', ')}`
    : statement.actions.join(', ');
  return `${sid} allows ${actions} to any principal`;
}

export const publicKeyPolicy: KeyCheck = {
  id: 'public-key-policy',
  title: 'Key policy allows any principal',
  severity: 'error',
  rationale:
    'A key policy statement with Principal "*" and no condition fixing the caller account or organization ' +
    'lets principals in any AWS account use (or manage) the key. Name the principals, or pin the caller ' +
    'with kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID.',
  evaluate(key) {
    if (!isGovernedKey(key)) return [];
    return publicStatements(key).map((statement) => ({
      message: `${displayName(key)}: ${describe(statement)} without a condition pinning the caller's account or organization`,
    }));
  },
  remediation(key, { region }) {
    const name = tfName(key);
    return {
      cli: cliPolicyEdit(
        key,
        region,
        'replace Principal "*" with named principals, or add a condition such as StringEquals kms:CallerAccount',
      ),
      terraform: [
        `data "aws_iam_policy_document" "${name}" {`,
        '  statement {',
        '    sid       = "AllowUseWithinAccount"',
        '    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]',
        '    resources = ["*"]',
        '    principals {',
        '      type        = "AWS"',
        '      identifiers = ["*"]',
        '    }',
        '    condition {',
        '      test     = "StringEquals"',
        '      variable = "kms:CallerAccount"',
        `      values   = [${hcl(accountOr(key))}]`,
        '    }',
        '  }',
        '}',
        '',
        `resource "aws_kms_key_policy" "${name}" {`,
        `  key_id = ${hcl(key.keyId)}`,
        `  policy = data.aws_iam_policy_document.${name}.json`,
        '}',
      ].join('\n'),
    };
  },
};
