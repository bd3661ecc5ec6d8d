import type { AwsRegion } from './aws/regions.js';
import { serviceById } from './aws/services.js';
import { placementsOf } from './placements.js';
import type { Plan, PlannedKey } from './plan/schema.js';
import { planWideFindings } from './plan-findings.js';
import type { Profile } from './profile/schema.js';
import { RuleContext } from './rule.js';
import { aliasNamingRule } from './rules/alias-naming.js';
import { awsManagedSeparationRule } from './rules/aws-managed-separation.js';
import { costRule, keyFeeInMonth } from './rules/cost.js';
import { type GovernanceDecision, governanceModelRule } from './rules/governance-model.js';
import { countRange, type KeyGroup, keyBoundariesRule, type TypedPlacement } from './rules/key-boundaries.js';
import { keyPolicyRule } from './rules/key-policy.js';
import { keyTypeRule } from './rules/key-type.js';
import { keyUsersRule } from './rules/key-users.js';
import { principlesRule } from './rules/principles.js';
import { regulatedClassificationRule } from './rules/regulated-classification.js';
import { rotationRule } from './rules/rotation.js';
import { separationOfDutiesRule } from './rules/separation-of-duties.js';
import { tagsRule } from './rules/tags.js';

function isKms(group: KeyGroup): boolean {
  return group.type === 'customer-managed' || group.type === 'customer-managed-imported';
}

function firstOf(group: KeyGroup): TypedPlacement {
  return group.placements[0] as TypedPlacement;
}

function siblingKey(p: TypedPlacement): string {
  return [p.account, p.regions.join(','), p.application, p.stage, p.classification].join('\u0000');
}

/** Aliases for every key the team creates; AWS managed entries carry the service's own alias. */
function aliasesOf(context: RuleContext, groups: readonly KeyGroup[]): Map<KeyGroup, string | null> {
  const kms = groups.filter(isKms);
  const names = aliasNamingRule.apply(
    context,
    kms.map((group) => {
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
  );
  const aliases = new Map<KeyGroup, string | null>();
  kms.forEach((group, i) => {
    aliases.set(group, names[i] as string);
  });
  for (const group of groups) {
    if (group.type === 'aws-managed') {
      const storing = group.placements.flatMap((p) => p.storingServices);
      const managed = storing.map((id) => serviceById(id).awsManagedAlias).find((a) => a !== null);
      // The table records `aws/s3`; the key's alias name in KMS, like every other alias in the plan, is `alias/aws/s3`.
      aliases.set(group, managed ? `alias/${managed}` : null);
    } else if (group.type === 'aws-owned') {
      aliases.set(group, null);
    }
  }
  return aliases;
}

function keyIdOf(group: KeyGroup, alias: string | null, region: string): string {
  const first = firstOf(group);
  if (isKms(group) && alias) return `${first.account}/${region}/${alias.slice('alias/'.length)}`;
  return `${first.account}/${region}/${group.type}/${first.application}/${first.stage}/${first.dataSet}`;
}

function keysOfGroup(
  context: RuleContext,
  profile: Profile,
  governance: GovernanceDecision,
  group: KeyGroup & { placements: TypedPlacement[] },
  alias: string | null,
  siblings: readonly KeyGroup[],
): PlannedKey[] {
  const first = firstOf(group);
  const dataSets = group.placements.map((p) => p.dataSet);
  const users = first.users;
  // A role can be both a team and a security-team administrator: list it once.
  const admins = [...new Set([...first.admins.team, ...first.admins.security])];
  const access = group.placements.some((p) => p.access === 'direct') ? 'direct' : 'service';
  const kms = isKms(group);
  const rotation = rotationRule.apply(context, first.subject, group.type, first.rotationDays, group.services);
  const { principles, rationale } = principlesRule.apply(context, {
    first,
    dataSets,
    services: group.services,
    siblings: siblings
      .filter((s) => s !== group)
      .map((s) => ({ admins: firstOf(s).admins.team.join(), users: firstOf(s).users.join() })),
    admins: first.admins.team.join(),
    users: users.join(),
  });
  if (!kms) {
    const managedAliases = [
      ...new Set(group.placements.flatMap((p) => p.storingServices.map((id) => serviceById(id).awsManagedAlias))),
    ].filter((a): a is string => a !== null);
    rationale.push(
      group.type === 'aws-managed'
        ? `No key to create: the AWS managed key(s) ${managedAliases.join(', ')} protect this data and log its use in CloudTrail.`
        : 'No key to create: the services encrypt with AWS owned keys.',
    );
    for (const id of group.services) {
      const note = serviceById(id).note;
      if (note && group.type === 'aws-owned') rationale.push(note);
    }
  }
  rationale.push(`Type ${group.type}: ${first.typeReason}.`);
  const tags = kms
    ? tagsRule.apply(context, {
        application: first.application,
        stage: first.stage,
        classification: first.classification,
        owner: first.team,
        dataSets,
      })
    : {};
  const primaryId = keyIdOf(group, alias, first.regions[0] as string);
  if (kms) separationOfDutiesRule.apply(context, primaryId, admins, users);
  const spansRegions = first.multiRegion && first.regions.length > 1;
  return first.regions.map((region, index) => {
    const replica = index > 0;
    const regionNote = !spansRegions
      ? []
      : replica
        ? [`Multi-Region replica in ${region} of ${primaryId}: the same key material, billed as its own key.`]
        : [`Multi-Region primary in ${region}; replicas in ${first.regions.slice(1).join(', ')}.`];
    const key: PlannedKey = {
      id: keyIdOf(group, alias, region),
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
      policy: kms
        ? keyPolicyRule.apply(context, {
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
          })
        : null,
      ...(kms ? { deletionWindowDays: profile.defaults.deletionWindowDays } : {}),
      tags,
      principles,
      rationale: [...rationale, ...regionNote],
      monthlyCostUsd: keyFeeInMonth(group.type, rotation, 1),
    };
    return key;
  });
}

/** The recommendation: pure and deterministic — the same profile always gives byte-identical JSON. */
export function recommend(profile: Profile): Plan {
  const context = new RuleContext();
  const governance = governanceModelRule.apply(context, profile.organization);
  const placements = placementsOf(profile, governance.model, context);
  const typed: TypedPlacement[] = awsManagedSeparationRule.apply(
    context,
    placements.map((p) => {
      const decision = keyTypeRule.apply(context, p);
      return { ...p, type: decision.type, typeReason: decision.because };
    }),
  );
  for (const placement of typed) {
    if (placement.type === 'customer-managed' || placement.type === 'customer-managed-imported') {
      keyUsersRule.apply(context, placement);
    }
  }
  regulatedClassificationRule.apply(context, typed);
  const groups = keyBoundariesRule.apply(context, typed);
  const aliases = aliasesOf(context, groups);
  const siblings = new Map<string, KeyGroup[]>();
  for (const group of groups.filter(isKms)) {
    const slot = siblingKey(firstOf(group));
    const list = siblings.get(slot);
    if (list) list.push(group);
    else siblings.set(slot, [group]);
  }
  const keys = groups.flatMap((group) =>
    keysOfGroup(
      context,
      profile,
      governance,
      group,
      aliases.get(group) ?? null,
      isKms(group) ? (siblings.get(siblingKey(firstOf(group))) ?? []) : [],
    ),
  );
  planWideFindings(context, typed, groups);
  const requestsByAccount = new Map<string, number>();
  for (const p of typed) {
    if (p.requestsPerMonth === undefined || !(p.type === 'customer-managed' || p.type === 'customer-managed-imported'))
      continue;
    requestsByAccount.set(p.account, (requestsByAccount.get(p.account) ?? 0) + p.requestsPerMonth);
  }
  const cost = costRule.apply(context, { keys, requestsByAccount });
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
