import { displayName } from '../model/key-scope.js';
import { cliKey, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

const AUDIT_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'];

/**
 * A key the audit could not fully read (AccessDenied in its key policy, a key state that refuses the
 * call, throttling that outlasted the retries). The key is still listed; the checks that needed the
 * missing part were skipped for it, and this finding says so instead of passing it silently.
 */
export const keyNotReadable: KeyCheck = {
  id: 'key-not-readable',
  title: 'Key could not be read completely',
  severity: 'warning',
  rationale:
    'A key the auditor cannot read is a key nobody reviews. Key policies can deny even IAM administrators, ' +
    'so the audit role may need a statement in the key policy itself.',
  evaluate(key) {
    if (key.unreadable.length === 0) return [];
    const parts = key.unreadable.map((part) => `${part.operation} (${part.code})`).join(', ');
    // A key deleted between ListKeys and DescribeKey is gone, not hidden.
    const vanished = key.unreadable.every((part) => part.code === 'NotFoundException');
    return [
      {
        severity: vanished ? 'info' : 'warning',
        message: vanished
          ? `${displayName(key)} disappeared during the audit (${parts})`
          : `${displayName(key)} could not be read: ${parts}; checks needing it were skipped`,
      },
    ];
  },
  remediation(key, { region }) {
    return {
      cli: [
        `aws kms describe-key ${cliKey(key, region)}`,
        `aws kms get-key-policy ${cliKey(key, region)} --policy-name default`,
        '# if access is denied, add a statement for the audit role to the key policy (see Terraform)',
      ].join('\n'),
      terraform: [
        `data "aws_iam_policy_document" "${tfName(key)}_audit_read" {`,
        '  statement {',
        '    sid       = "KeyplanAuditRead"',
        `    actions   = [${AUDIT_ACTIONS.map((action) => `"${action}"`).join(', ')}]`,
        '    resources = ["*"]',
        '    principals {',
        '      type        = "AWS"',
        '      identifiers = ["arn:aws:iam::<account>:role/<audit-role>"]',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    };
  },
};
