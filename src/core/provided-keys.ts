import { serviceById } from './aws/services.js';
import type { PlannedKey } from './plan/schema.js';
import type { KeyGroup, TypedPlacement } from './rules/key-boundaries.js';

/**
 * Entries for data AWS encrypts with its own keys. AWS managed keys are one per service, account and
 * region, so each service gets its own entry with its real alias (a drift audit matches it); where a
 * data set asked for neither control nor audit, a service that offers AWS owned keys uses those.
 */
export function providedKeys(
  group: KeyGroup,
  rotationOf: (type: PlannedKey['type']) => PlannedKey['rotation'],
): PlannedKey[] {
  const first = group.placements[0] as TypedPlacement;
  const neither = group.placements.every((p) => !p.needs.audit);
  const services = [...new Set(group.placements.flatMap((p) => p.storingServices))].sort();
  return first.regions.flatMap((region) =>
    services.map((id): PlannedKey => {
      const service = serviceById(id);
      const owned = group.type === 'aws-owned' || (neither && service.awsOwned) || service.awsManagedAlias === null;
      const type = owned ? 'aws-owned' : 'aws-managed';
      const holders = group.placements.filter((p) => p.storingServices.includes(id));
      const alias = owned ? null : `alias/${service.awsManagedAlias}`;
      const rationale = [
        owned
          ? `No key to create: ${service.name} encrypts this data at rest with keys AWS owns (no visibility, no audit trail, no fee).`
          : `No key to create: ${alias}, the AWS managed key of ${service.name} in this account and region, protects this data and logs its use in CloudTrail. Its policy cannot be edited.`,
        type === group.type
          ? `Type ${type}: ${first.typeReason}.`
          : `Type ${type}: neither control nor audit is needed, and ${service.name} encrypts at rest with AWS owned keys by default.`,
      ];
      if (owned && service.note) rationale.push(service.note);
      return {
        id: `${first.account}/${region}/${type}/${first.application}/${first.stage}/${first.dataSet}/${id}`,
        alias,
        type,
        account: first.account,
        region,
        application: first.application,
        stage: first.stage,
        classification: first.classification,
        dataSets: holders.map((p) => p.dataSet),
        services: [id],
        admins: [],
        users: [],
        rotation: rotationOf(type),
        multiRegion: false,
        policy: null,
        tags: {},
        principles: ['P1', 'P2'],
        rationale,
        monthlyCostUsd: 0,
      };
    }),
  );
}
