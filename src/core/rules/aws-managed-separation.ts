import { serviceById } from '../aws/services.js';
import { defineRule, type RuleContext } from '../rule.js';
import { groupPlacements, type TypedPlacement } from './key-boundaries.js';

/**
 * DESIGN §4.3: an AWS managed key is one per service, account and region, and its policy cannot be
 * edited. Where the boundaries separate two data sets that would land on the same AWS managed key,
 * only customer managed keys can keep them apart.
 */
export const awsManagedSeparationRule = defineRule(
  {
    id: 'aws-managed-separation',
    principle: 'P1',
    title: 'AWS managed keys cannot separate data sets',
    rationale:
      'Every data set of one service in one account and region shares that service’s AWS managed key, whose policy cannot be changed; separation by classification, application, administrators or readers needs customer managed keys.',
  },
  (context: RuleContext, placements: readonly TypedPlacement[]): TypedPlacement[] => {
    const managedGroups = groupPlacements(
      placements.filter((p) => p.type === 'aws-managed'),
      { splitByUsers: true },
    );
    const byManagedKey = new Map<string, number[]>();
    managedGroups.forEach((group, index) => {
      const first = group.placements[0] as TypedPlacement;
      for (const region of first.regions) {
        // Data that asked for neither uses a service's AWS owned keys where it has them (src/core/provided-keys.ts).
        const onManagedKey = (p: TypedPlacement) =>
          p.storingServices.filter((id) => p.needs.audit || !serviceById(id).awsOwned);
        for (const service of new Set(group.placements.flatMap(onManagedKey))) {
          const alias = serviceById(service).awsManagedAlias;
          const slot = `${first.account}|${region}|${alias}`;
          const members = byManagedKey.get(slot) ?? [];
          if (!members.includes(index)) members.push(index);
          byManagedKey.set(slot, members);
        }
      }
    });
    const upgraded = new Set<TypedPlacement>();
    for (const [slot, members] of byManagedKey) {
      if (members.length < 2) continue;
      const alias = slot.split('|')[2];
      for (const index of members) {
        for (const placement of managedGroups[index]?.placements ?? []) {
          if (upgraded.has(placement)) continue;
          upgraded.add(placement);
          context.because(
            awsManagedSeparationRule,
            placement.subject,
            `customer-managed instead of ${alias}: data sets that must be kept apart would share that AWS managed key`,
          );
          context.find({
            severity: 'warning',
            code: 'aws-managed-cannot-separate',
            message: `${placement.subject} ${placement.needs.audit ? 'asked only for an audit trail' : 'asked for neither control nor audit, and its service offers no AWS owned key'}, but ${alias} would also protect data it must be kept apart from (another classification, application or reader set). A customer managed key is planned instead.`,
            subject: placement.subject,
          });
        }
      }
    }
    return placements.map((p) =>
      upgraded.has(p)
        ? {
            ...p,
            type: 'customer-managed',
            typeReason: `${p.typeReason}, but data sets that must be kept apart would share that AWS managed key, so a customer managed key is planned`,
          }
        : p,
    );
  },
);
