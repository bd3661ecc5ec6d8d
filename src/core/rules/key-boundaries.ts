import { serviceById } from '../aws/services.js';
import type { Placement } from '../placements.js';
import type { KeyType } from '../plan/schema.js';
import { normalizeSet } from '../principals.js';
import { defineRule, type RuleContext } from '../rule.js';

/** Data sets that may share one key: same boundaries, same type. */
export interface KeyGroup {
  type: KeyType;
  placements: TypedPlacement[];
  /** Union of the members' services (one data type through S3 → Lambda → DynamoDB is one key). */
  services: string[];
}

export type TypedPlacement = Placement & { type: KeyType; typeReason: string };

function isKms(type: KeyType): boolean {
  return type === 'customer-managed' || type === 'customer-managed-imported';
}

/**
 * DESIGN §4.2. Parts of a placement that must match for two data sets to share a key. Properties a
 * key cannot change (origin, multi-Region, rotation period) only bound keys the team creates.
 */
const boundaryCache = new WeakMap<TypedPlacement, [string, string]>();

export function boundaryOf(placement: TypedPlacement, options: { splitByUsers: boolean }): string {
  let cached = boundaryCache.get(placement);
  if (!cached) {
    cached = [computeBoundary(placement, true), computeBoundary(placement, false)];
    boundaryCache.set(placement, cached);
  }
  return options.splitByUsers ? cached[0] : cached[1];
}

function computeBoundary(placement: TypedPlacement, splitByUsers: boolean): string {
  const parts = [
    placement.type,
    placement.application,
    placement.stage,
    placement.account,
    placement.regions.join(','),
    placement.classification,
    placement.admins.team.join(','),
    placement.admins.security.join(','),
    // In a review, a data set that already has a key keeps it: its readers join that key (no re-encryption).
    splitByUsers
      ? placement.previousKeyId !== undefined
        ? `previous:${placement.previousKeyId}`
        : placement.users.join(',')
      : '',
  ];
  if (isKms(placement.type)) {
    parts.push(placement.origin, String(placement.multiRegion), String(placement.rotationDays));
  }
  // A separator no name, ARN or region can contain keeps the key unambiguous without JSON's cost.
  return parts.join('\u0000');
}

export function groupPlacements(placements: readonly TypedPlacement[], options: { splitByUsers: boolean }): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const placement of placements) {
    const boundary = boundaryOf(placement, options);
    const group = groups.get(boundary);
    if (group) {
      group.placements.push(placement);
    } else {
      groups.set(boundary, { type: placement.type, placements: [placement], services: [] });
    }
  }
  for (const group of groups.values()) {
    group.services = normalizeSet(group.placements.flatMap((p) => p.services));
  }
  return [...groups.values()];
}

function describeSharing(group: KeyGroup): string {
  const names = group.placements.map((p) => p.dataSet).join(', ');
  const services = group.services.join(', ');
  // DESIGN §4.2: one data type flowing through several services is one key, and the trail cites Principle 3.
  const through = group.placements.filter((p) => p.services.length > 1);
  const p3 =
    through.length > 0
      ? `; Principle 3: ${through.map((p) => `${p.dataSet} through ${p.services.join(', ')}`).join('; ')} uses one key`
      : '';
  const previous = group.placements[0]?.previousKeyId;
  const kept = previous !== undefined ? `; kept on its key from the previous plan (${previous})` : '';
  return group.placements.length > 1
    ? `${names} share one key: same application, stage, account, region, classification, administrators and key users (services: ${services})${p3}${kept}`
    : `${names} gets its own key (services: ${services})${p3}${kept}`;
}

export const keyBoundariesRule = defineRule(
  {
    id: 'key-boundaries',
    principle: 'P1',
    title: 'Key boundaries',
    rationale:
      'Data sets never share a key across applications, stages, accounts or regions (P2), classifications (P1), administrators (P4) or reader sets (least privilege), nor across key material origin, multi-Region or rotation period, which a key cannot change. Within those bounds one data type flowing through several services shares one key (P3).',
  },
  (context: RuleContext, placements: readonly TypedPlacement[]): KeyGroup[] => {
    const groups = groupPlacements(placements, { splitByUsers: true });
    for (const group of groups) {
      if (!isKms(group.type)) continue;
      const first = group.placements[0] as Placement;
      context.because(keyBoundariesRule, first.subject, describeSharing(group));
    }
    return groups;
  },
);

function regionCount(placement: Placement): number {
  return placement.regions.length;
}

/**
 * The range around the recommendation: fewest drops the reader-set split; finest gives every data set
 * a key per storing service (processing-only services add none). Both count only keys the team creates.
 */
export function countRange(placements: readonly TypedPlacement[]): { fewest: number; finest: number } {
  const kms = placements.filter((p) => isKms(p.type));
  const fewest = groupPlacements(kms, { splitByUsers: false }).reduce(
    (sum, group) => sum + regionCount(group.placements[0] as Placement),
    0,
  );
  // storingServices falls back to every service when none stores; those processing-only services add no key.
  const stored = (p: Placement) => p.storingServices.filter((id) => serviceById(id).stores).length;
  const finest = kms.reduce((sum, p) => sum + Math.max(1, stored(p)) * regionCount(p), 0);
  return { fewest, finest };
}
