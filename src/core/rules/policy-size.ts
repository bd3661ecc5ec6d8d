import type { AwsRegion } from '../aws/regions.js';
import type { KeyPolicy, PolicyStatement } from '../plan/schema.js';
import { accountOfArn, accountRootArn, normalizeSet } from '../principals.js';
import { defineRule } from '../rule.js';

/** KMS rejects key policies over 32 KB (32,768 bytes). */
export const KEY_POLICY_MAX_BYTES = 32_768;
/** The principal tag that marks key users when a policy cannot list them one by one. */
export const KEY_USER_TAG = 'KeyplanKeyUser';

const USER_STATEMENTS = new Set(['AllowKeyUse', 'AllowGrantsForAWSResources']);

export function policyBytes(policy: KeyPolicy): number {
  return new TextEncoder().encode(JSON.stringify(policy)).length;
}

export interface PolicySizeInput {
  subject: string;
  keyId: string;
  alias: string;
  region: AwsRegion;
  users: readonly string[];
}

/**
 * A key policy that would be over KMS's limit cannot be created. The core groups the key users: the
 * use and grant statements name the users' account roots with an aws:PrincipalTag condition
 * (KeyplanKeyUser = the key's alias) instead of every role, and a finding says so, with what the
 * accounts must then do. If the policy is still too large (hundreds of administrators, say), an
 * error finding says the plan cannot be applied as it is.
 */
export const policySizeRule = defineRule(
  {
    id: 'policy-size',
    principle: 'AWS',
    title: 'Key policies within 32 KB',
    rationale:
      'KMS accepts key policies up to 32 KB; a key with very many users is granted to its users’ accounts for principals carrying a tag, so the policy stays within the limit and the users stay named in the plan.',
  },
  (context, input: PolicySizeInput, policy: KeyPolicy): KeyPolicy => {
    // A UTF-16 unit is at most 3 UTF-8 bytes: most policies are cleared without encoding them.
    if (JSON.stringify(policy).length * 3 <= KEY_POLICY_MAX_BYTES) return policy;
    const before = policyBytes(policy);
    if (before <= KEY_POLICY_MAX_BYTES) return policy;
    const roots = normalizeSet(
      input.users.map((arn) => accountRootArn(accountOfArn(arn) ?? '000000000000', input.region)),
    );
    const grouped: KeyPolicy = {
      ...policy,
      Statement: policy.Statement.map((statement): PolicyStatement => {
        if (!USER_STATEMENTS.has(statement.Sid)) return statement;
        const condition = statement.Condition ?? {};
        return {
          ...statement,
          Principal: { AWS: roots.length === 1 ? (roots[0] as string) : roots },
          Condition: {
            ...condition,
            StringEquals: { ...(condition.StringEquals ?? {}), [`aws:PrincipalTag/${KEY_USER_TAG}`]: input.alias },
          },
        };
      }),
    };
    const after = policyBytes(grouped);
    if (after > KEY_POLICY_MAX_BYTES) {
      context.find({
        severity: 'error',
        code: 'key-policy-too-large',
        message: `The key policy of ${input.keyId} would be ${before.toLocaleString('en-US')} bytes, over KMS's limit of ${KEY_POLICY_MAX_BYTES.toLocaleString('en-US')}, and is still ${after.toLocaleString('en-US')} bytes with its ${input.users.length} key users grouped by tag: name fewer administrators or split ${input.subject} into data sets with fewer principals before applying the plan.`,
        subject: input.keyId,
      });
      return grouped;
    }
    context.find({
      severity: 'warning',
      code: 'key-policy-users-grouped',
      message: `Listing all ${input.users.length} key users of ${input.keyId} would make its key policy ${before.toLocaleString('en-US')} bytes, over KMS's limit of ${KEY_POLICY_MAX_BYTES.toLocaleString('en-US')}. The plan grants key use to principals of ${roots.join(', ')} tagged ${KEY_USER_TAG}=${input.alias} instead (${after.toLocaleString('en-US')} bytes): tag exactly the key users listed in this plan, let only the key administrators set that tag (an SCP on iam:TagRole and iam:TagUser), and give the users IAM permissions for the key, since the policy now delegates to their accounts.`,
      subject: input.keyId,
    });
    context.because(
      policySizeRule,
      input.subject,
      `key users grouped by the ${KEY_USER_TAG} principal tag to keep the key policy within 32 KB`,
    );
    return grouped;
  },
);
