import type { Placement } from '../placements.js';
import { defineRule } from '../rule.js';

/** A customer managed key without users protects data nobody is meant to read yet: usually an omission. */
export const keyUsersRule = defineRule(
  {
    id: 'key-users',
    principle: 'P4',
    title: 'Every key has named users',
    rationale:
      'Least privilege names the roles that may encrypt and decrypt; with none, only IAM policies (through the root statement) can grant use, which hides who reads the data.',
  },
  (context, placement: Placement): void => {
    // A topic or queue fed only by AWS services needs no role of its own on the key.
    if (placement.users.length > 0 || placement.publishers.length > 0) return;
    context.find({
      severity: 'warning',
      code: 'no-key-users',
      message: `${placement.subject} names no key users: nobody is granted use in the key policy, so access would come from IAM policies alone. Add the application roles under keyUsers.`,
      subject: placement.subject,
    });
  },
);
