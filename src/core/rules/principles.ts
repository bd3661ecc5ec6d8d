import type { Placement } from '../placements.js';
import type { Principle } from '../plan/schema.js';
import { defineRule } from '../rule.js';

export interface PrincipleInput {
  first: Placement;
  dataSets: readonly string[];
  services: readonly string[];
  /** Other keys of the same application, stage, account, region and classification. */
  siblings: readonly { admins: string; users: string }[];
  admins: string;
  users: string;
}

/** Which of the seed's four principles shaped a key, in words a reviewer can check. */
export const principlesRule = defineRule(
  {
    id: 'principles',
    principle: 'P1',
    title: 'Principles behind each key',
    rationale: 'Every key cites the principles that drew its boundary, so chat can say why it exists.',
  },
  (_context, input: PrincipleInput): { principles: Principle[]; rationale: string[] } => {
    const { first } = input;
    const principles: Principle[] = ['P1', 'P2'];
    const regulated = first.regulations.length > 0 ? ` (regulated: ${first.regulations.join(', ')})` : '';
    const rationale = [
      `P1 Data classification: holds only ${first.classification} data${regulated}.`,
      `P2 Applications: only ${first.application} in ${first.stage}, account ${first.account}, kept apart from other applications, stages and accounts.`,
    ];
    if (input.services.length > 1) {
      principles.push('P3');
      rationale.push(
        `P3 AWS services: ${input.dataSets.join(', ')} flow through ${input.services.join(', ')} as one data type, so one key serves them.`,
      );
    }
    const byAdmins = input.siblings.some((s) => s.admins !== input.admins);
    const byUsers = input.siblings.some((s) => s.admins === input.admins && s.users !== input.users);
    if (byAdmins || byUsers) {
      principles.push('P4');
      const why = [byAdmins ? 'administrators' : '', byUsers ? 'key users' : ''].filter(Boolean).join(' and ');
      rationale.push(
        `P4 Separation of duties: another ${first.classification} key of ${first.application}/${first.stage} has different ${why}, so each gets its own key and policy.`,
      );
    }
    return { principles, rationale };
  },
);
