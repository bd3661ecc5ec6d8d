import type { AwsRegion } from './aws/regions.js';
import { placementsOf } from './placements.js';
import type { Plan, PlannedKey } from './plan/schema.js';
import { planWideFindings } from './plan-findings.js';
import { normalizeSet } from './principals.js';
import type { Profile } from './profile/schema.js';
import { providedKeys } from './provided-keys.js';
import { RuleContext } from './rule.js';
import { aliasNamingRule } from './rules/alias-naming.js';
import { awsManagedSeparationRule } from './rules/aws-managed-separation.js';
import { costRule, keyFeeInMonth } from './rules/cost.js';
import { type GovernanceDecision, governanceModelRule } from './rules/governance-model.js';
import { countRange, type KeyGroup, keyBoundariesRule, type TypedPlacement } from './rules/key-boundaries.js';
import { keyPolicyRule } from './rules/key-policy.js';
import { keyTypeRule } from './rules/key-type.js';
import { keyUsersRule } from './rules/key-users.js';
import { policySizeRule } from './rules/policy-size.js';
import { principlesRule } from './rules/principles.js';
import { readersJoinExistingKeysRule } from './rules/readers-join-existing-keys.js';
import { regulatedClassificationRule } from './rules/regulated-classification.js';
import { rotationRule } from './rules/rotation.js';
import { separationOfDutiesRule } from './rules/separation-of-duties.js';
import { serviceCautionsRule } from './rules/service-cautions.js';
import { tagsRule } from './rules/tags.js';

export interface RecommendOptions {
  /**
   * The plan this one revises (a review): data sets that already have a key keep it, and readers added
   * since join its policy instead of moving the data to a new key.
   */
  previous?: Plan;
}

function isKms(group: KeyGroup): boolean {
  return group.type === 'customer-managed' || group.type === 'customer-managed-imported';
}

function firstOf(group: KeyGroup): TypedPlacement {
  return group.placements[0] as TypedPlacement;
}

function siblingKey(p: TypedPlacement): string {
  return [p.account, p.regions.join(','), p.application, p.stage, p.classification].join('\u0000');
}

/**
 * Aliases for every key the team creates. A key kept from the previous plan keeps its alias (and so its
 * id): the others are named around it.
 */
function aliasesOf(
  context: RuleContext,
  groups: readonly KeyGroup[],
  previous: Plan | undefined,
): Map<KeyGroup, string> {
  const previousAlias = new Map(previous?.keys.map((k) => [k.id, k.alias]) ?? []);
  const kept = new Map<KeyGroup, string>();
  const claimed = new Set<string>();
  for (const group of groups) {
    const id = firstOf(group).previousKeyId;
    const alias = id === undefined ? undefined : previousAlias.get(id);
    // If a kept key's data sets now split (a classification changed), the first group keeps the key.
    if (id === undefined || !alias || claimed.has(id)) continue;
    claimed.add(id);
    kept.set(group, alias);
  }
  const reserved = new Set(
    [...kept].flatMap(([group, alias]) =>
      firstOf(group).regions.map((region) => `${firstOf(group).account}|${region}|${alias}`),
    ),
  );
  const others = groups.filter((group) => !kept.has(group));
  const names = aliasNamingRule.apply(
    context,
    others.map((group) => {
      const first = firstOf(group);
      return {
        account: first.account,
        regions: first.regions,
        application: first.application,
        stage: first.stage,
        classification: first.classification,
        distinguisher: first.dataSet,
        subject: first.subject,
      };
    }),
    reserved,
  );
  const aliases = new Map(kept);
  others.forEach((group, i) => {
    aliases.set(group, names[i] as string);
  });
  return aliases;
}

function keyIdOf(group: KeyGroup, alias: string, region: string): string {
  return `${firstOf(group).account}/${region}/${alias.slice('alias/'.length)}`;
}

const union = (group: KeyGroup, pick: (p: TypedPlacement) => readonly string[]) =>
  normalizeSet(group.placements.flatMap(pick));

function keysOfGroup(
  context: RuleContext,
  profile: Profile,
  governance: GovernanceDecision,
  group: KeyGroup & { placements: TypedPlacement[] },
  alias: string,
  siblings: readonly KeyGroup[],
): PlannedKey[] {
  const first = firstOf(group);
  const dataSets = group.placements.map((p) => p.dataSet);
  // Usually one reader set per key; in a review, readers added to a data set join its existing key.
  const users = union(group, (p) => p.users);
  // A role can be both a team and a security-team administrator: list it once.
  const admins = [...new Set([...first.admins.team, ...first.admins.security])];
  const access = group.placements.some((p) => p.access === 'direct') ? 'direct' : 'service';
  const rotation = rotationRule.apply(context, first.subject, group.type, first.rotationDays, group.services);
  const { principles, rationale } = principlesRule.apply(context, {
    first,
    dataSets,
    services: group.services,
    perDataSet: group.placements.map((p) => ({ dataSet: p.dataSet, services: p.services })),
    siblings: siblings
      .filter((s) => s !== group)
      .map((s) => ({ admins: firstOf(s).admins.team.join(), users: firstOf(s).users.join() })),
    admins: first.admins.team.join(),
    users: users.join(),
  });
  rationale.push(`Type ${group.type}: ${first.typeReason}.`);
  const replaced = first.admins.replaced ?? [];
  if (replaced.length > 0) {
    rationale.push(
      `Administrators: under centralized governance the central security team (${first.admins.team.join(', ')}) administers this key; ${replaced.join(', ')}, named for the application, are not in the key policy.`,
    );
  }
  const regulations = first.regulations;
  const tags = tagsRule.apply(context, {
    application: first.application,
    stage: first.stage,
    classification: first.classification,
    regulations,
    owner: first.team,
    dataSets,
  });
  const primaryId = keyIdOf(group, alias, first.regions[0] as string);
  separationOfDutiesRule.apply(context, primaryId, admins, users);
  readersJoinExistingKeysRule.apply(context, { group, keyId: primaryId, alias, users });
  const imported = group.type === 'customer-managed-imported';
  const spansRegions = first.multiRegion && first.regions.length > 1;
  const publishers = union(group, (p) => p.publishers);
  const cloudFrontDistributions = union(group, (p) => p.cloudFrontDistributions);
  const autoScalingRole = group.placements.find((p) => p.autoScalingRole !== undefined)?.autoScalingRole;
  return first.regions.map((region, index) => {
    const replica = index > 0;
    const regionNote = !spansRegions
      ? []
      : replica
        ? [
            `Multi-Region replica in ${region} of ${primaryId}: the same key material, billed as its own key.`,
            ...(imported
              ? [
                  `KMS does not copy imported key material to a replica: import the same material into this replica in ${region} (GetParametersForImport, then ImportKeyMaterial), or it stays unusable.`,
                ]
              : []),
          ]
        : [`Multi-Region primary in ${region}; replicas in ${first.regions.slice(1).join(', ')}.`];
    const id = keyIdOf(group, alias, region);
    const policy = keyPolicyRule.apply(context, {
      subject: first.subject,
      type: group.type,
      account: first.account,
      region: region as AwsRegion,
      multiRegion: first.multiRegion,
      services: group.services,
      users,
      admins: first.admins,
      access,
      model: governance.model,
      publishers,
      cloudFrontDistributions,
      ...(autoScalingRole !== undefined ? { autoScalingRole } : {}),
    });
    const key: PlannedKey = {
      id,
      alias,
      type: group.type,
      account: first.account,
      region,
      application: first.application,
      stage: first.stage,
      classification: first.classification,
      dataSets,
      services: group.services,
      admins,
      users,
      rotation,
      multiRegion: first.multiRegion,
      ...(replica ? { replicaOf: primaryId } : {}),
      policy: policySizeRule.apply(
        context,
        { subject: first.subject, keyId: id, alias, region: region as AwsRegion, users },
        policy,
      ),
      deletionWindowDays: profile.defaults.deletionWindowDays,
      tags,
      principles,
      rationale: [...rationale, ...regionNote],
      monthlyCostUsd: keyFeeInMonth(group.type, rotation, 1),
    };
    return key;
  });
}

/** In a review, each data set remembers the key that held it, so the boundaries keep it there. */
function withPreviousKeys(placements: TypedPlacement[], previous: Plan | undefined): TypedPlacement[] {
  if (previous === undefined) return placements;
  const slot = (application: string, stage: string, account: string, region: string, dataSet: string) =>
    [application, stage, account, region, dataSet].join('\u0000');
  const held = new Map<string, PlannedKey>();
  for (const key of previous.keys) {
    if (key.replicaOf !== undefined || key.policy === null) continue;
    for (const dataSet of key.dataSets) {
      held.set(slot(key.application, key.stage, key.account, key.region, dataSet), key);
    }
  }
  return placements.map((p) => {
    if (p.type !== 'customer-managed' && p.type !== 'customer-managed-imported') return p;
    const key = held.get(slot(p.application, p.stage, p.account, p.regions[0] as string, p.dataSet));
    // A data set whose classification changed crossed a boundary (P1): it leaves its key for a new one.
    if (key === undefined || key.classification !== p.classification) return p;
    return { ...p, previousKeyId: key.id, previousKeyUsers: key.users };
  });
}

/** The recommendation: pure and deterministic — the same profile always gives byte-identical JSON. */
export function recommend(profile: Profile, options: RecommendOptions = {}): Plan {
  const context = new RuleContext();
  const governance = governanceModelRule.apply(context, profile.organization);
  const placements = placementsOf(profile, governance.model, context);
  const typed: TypedPlacement[] = withPreviousKeys(
    awsManagedSeparationRule.apply(
      context,
      placements.map((p) => {
        const decision = keyTypeRule.apply(context, p);
        return { ...p, type: decision.type, typeReason: decision.because };
      }),
    ),
    options.previous,
  );
  for (const placement of typed) {
    if (placement.type === 'customer-managed' || placement.type === 'customer-managed-imported') {
      keyUsersRule.apply(context, placement);
    }
  }
  regulatedClassificationRule.apply(context, typed);
  serviceCautionsRule.apply(context, typed);
  const groups = keyBoundariesRule.apply(context, typed);
  const kmsGroups = groups.filter(isKms);
  const aliases = aliasesOf(context, kmsGroups, options.previous);
  const siblings = new Map<string, KeyGroup[]>();
  for (const group of kmsGroups) {
    const slot = siblingKey(firstOf(group));
    const list = siblings.get(slot);
    if (list) list.push(group);
    else siblings.set(slot, [group]);
  }
  const keys = groups.flatMap((group) =>
    isKms(group)
      ? keysOfGroup(
          context,
          profile,
          governance,
          group,
          aliases.get(group) as string,
          siblings.get(siblingKey(firstOf(group))) ?? [],
        )
      : providedKeys(group, (type) =>
          rotationRule.apply(context, firstOf(group).subject, type, firstOf(group).rotationDays, group.services),
        ),
  );
  planWideFindings(context, typed, groups);
  const requestsByAccount = new Map<string, number>();
  for (const p of typed) {
    if (p.requestsPerMonth === undefined || !(p.type === 'customer-managed' || p.type === 'customer-managed-imported'))
      continue;
    // requestsPerMonth is per region: a multi-Region data set is used in each of its regions.
    const monthly = p.requestsPerMonth * p.regions.length;
    requestsByAccount.set(p.account, (requestsByAccount.get(p.account) ?? 0) + monthly);
  }
  const cost = costRule.apply(context, {
    keys,
    requestsByAccount,
    consolidatedBilling: profile.organization.consolidatedBilling,
  });
  const recommended = keys.filter(
    (k) => k.type === 'customer-managed' || k.type === 'customer-managed-imported',
  ).length;
  return {
    version: 1,
    organization: profile.organization.name,
    governance,
    keys,
    counts: { recommended, ...countRange(typed) },
    cost,
    findings: context.findings,
    trail: context.trail,
  };
}
