import type { Placement } from '../placements.js';
import type { Principle } from '../plan/schema.js';
import { defineRule } from '../rule.js';

export interface PrincipleInput {
  first: Placement;
  dataSets: readonly string[];
  services: readonly string[];
  /** Each data set on the key with its own services: P3 is about one data type through several services. */
  perDataSet?: readonly { dataSet: string; services: readonly string[] }[];
  /** Other keys of the same application, stage, account, region and classification. */
  siblings: readonly { admins: string; users: string }[];
  admins: string;
  users: string;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
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
    const perDataSet = input.perDataSet ?? [{ dataSet: input.dataSets.join(', '), services: input.services }];
    const throughSeveral = perDataSet.filter((entry) => entry.services.length > 1);
    if (throughSeveral.length > 0) principles.push('P3');
    for (const entry of throughSeveral) {
      rationale.push(
        `P3 AWS services: ${entry.dataSet} flows through ${entry.services.join(', ')} as one data type, so one key serves it there.`,
      );
    }
    if (input.dataSets.length > 1 && first.previousKeyId !== undefined) {
      rationale.push(
        `${joinNames(input.dataSets)} share this key as in the previous plan; readers added since then joined it rather than moving data to a new key.`,
      );
    } else if (input.dataSets.length > 1) {
      // The real reason data sets share a key: nothing in the profile separates them (DESIGN §4.2).
      rationale.push(
        `${joinNames(input.dataSets)} share this key: same application, stage, account, region, classification, administrators and key users, and the same key material origin, multi-Region setting and rotation period, so nothing separates them.`,
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
