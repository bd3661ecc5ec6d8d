import { shellArg } from '../../core/text/shell-arg.js';
import { hclString } from '../../export/hcl.js';
import type { KeyRecord } from '../model/inventory.js';
import { accountOfKey } from '../model/key-scope.js';

/**
 * Shared pieces of remediation text, so every check names keys the same way. Key ids, aliases and ARNs
 * come from the endpoint, so each goes into a command as one quoted shell word (sh) and into Terraform
 * as one HCL string (hcl): `k1$(touch pwned)` stays a strange key id and runs nothing.
 */

/** One shell word. NUL cannot be passed to a command at all, so it is dropped. */
export function sh(value: string): string {
  return shellArg(value.replaceAll('\0', ''));
}

/** One HCL string literal, quotes included. */
export function hcl(value: string): string {
  return hclString(value);
}

/** `--key-id <id> --region <region>` for the AWS CLI; the id is enough within the audited region. */
export function cliKey(key: KeyRecord, region: string): string {
  return `--key-id ${sh(key.keyId)} --region ${sh(region)}`;
}

/** A Terraform resource name derived from the key's alias (or id), valid as an HCL identifier. */
export function tfName(key: KeyRecord): string {
  const alias = key.aliases[0];
  const base = alias ? alias.replace(/^alias\//, '') : `key_${key.keyId.slice(0, 8)}`;
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(name) ? name : `key_${name}`;
}

/** The comment that tells the reader how to bring the live key under Terraform. */
export function tfImportNote(key: KeyRecord, resource = 'aws_kms_key'): string {
  return `# existing key: terraform import ${resource}.${tfName(key)} ${sh(key.keyId).replace(/[\r\n\u2028\u2029]/g, ' ')}`;
}

export function accountOr(key: KeyRecord, fallback = '<account-id>'): string {
  return accountOfKey(key) ?? fallback;
}

export function quoteList(values: readonly string[]): string {
  return `[${values.map(hcl).join(', ')}]`;
}

/** Fetch, edit, put back: the safe way to change one statement of a live key policy. */
export function cliPolicyEdit(key: KeyRecord, region: string, edit: string): string {
  return [
    `aws kms get-key-policy ${cliKey(key, region)} --policy-name default --query Policy --output text > policy.json`,
    `# ${edit}`,
    `aws kms put-key-policy ${cliKey(key, region)} --policy-name default --policy file://policy.json`,
  ].join('\n');
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 86_400_000;
}

/** A statement of a Terraform `aws_iam_policy_document`, for remediation snippets. */
export function tfStatement(sid: string, actions: readonly string[], principals: readonly string[]): string[] {
  return [
    '  statement {',
    `    sid       = ${hcl(sid)}`,
    `    actions   = ${quoteList(actions)}`,
    '    resources = ["*"]',
    '    principals {',
    '      type        = "AWS"',
    `      identifiers = ${quoteList(principals)}`,
    '    }',
    '  }',
  ];
}

/** A whole policy document in Terraform: the statements between the data block's braces. */
export function tfPolicyDocument(name: string, statements: readonly string[][]): string {
  return [`data "aws_iam_policy_document" "${name}" {`, ...statements.flat(), '}'].join('\n');
}
