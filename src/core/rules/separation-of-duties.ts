import { defineRule } from '../rule.js';

/** Principle 4: a principal that can both administer and use a key defeats the separation the policy draws. */
export const separationOfDutiesRule = defineRule(
  {
    id: 'separation-of-duties',
    principle: 'P4',
    title: 'Administrators are not users',
    rationale:
      'Key policies can make different principals responsible for governing a key and for decrypting with it; one principal in both roles could change the policy and read the data.',
  },
  (context, keyId: string, admins: readonly string[], users: readonly string[]): void => {
    const both = admins.filter((arn) => users.includes(arn));
    for (const arn of both) {
      context.find({
        severity: 'warning',
        code: 'p4-admin-is-also-user',
        message: `P4 separation of duties: ${arn} both administers and uses ${keyId}, so it could change the key policy and read the data. Give data access and key administration to different roles.`,
        subject: keyId,
      });
    }
  },
);
