import { AUTO_SCALING_ROLE_PATH, PUBLISHERS } from './aws/integrations.js';
import { type AwsRegion, partitionOf } from './aws/regions.js';
import { serviceById } from './aws/services.js';
import type { GovernanceModel } from './plan/schema.js';
import { normalizeSet, resolvePrincipals } from './principals.js';
import type { Application, DataSet, Environment, Profile } from './profile/schema.js';
import type { RuleContext } from './rule.js';
import { type KeyAdministrators, keyAdministratorsRule } from './rules/key-administrators.js';
import { multiRegionRule } from './rules/multi-region.js';

/**
 * One data set in one environment (and, unless it is multi-Region, one region): the unit the rules
 * decide about. Every placement ends up in exactly one planned key.
 */
export interface Placement {
  /** Position in profile order; keeps the plan's order stable. */
  order: number;
  application: string;
  team: string;
  stage: string;
  account: string;
  /** One region, or every region of the environment for a multi-Region key (first = primary). */
  regions: AwsRegion[];
  dataSet: string;
  classification: string;
  regulations: string[];
  services: string[];
  storingServices: string[];
  users: string[];
  admins: KeyAdministrators;
  origin: 'AWS_KMS' | 'EXTERNAL';
  multiRegion: boolean;
  rotationDays: number;
  access: 'service' | 'direct';
  needs: DataSet['needs'];
  requestsPerMonth: number | undefined;
  /** Service principals that publish to the data set's SNS topics or SQS queues. */
  publishers: string[];
  /** ARNs of CloudFront distributions reading the data set's S3 objects through origin access control. */
  cloudFrontDistributions: string[];
  /** The EC2 Auto Scaling service-linked role's ARN, when Auto Scaling launches the data set's EBS volumes. */
  autoScalingRole: string | undefined;
  /** The key that held this data set in the previous plan of a review (item: readers join that key). */
  previousKeyId?: string;
  /** That key's users in the previous plan. */
  previousKeyUsers?: readonly string[];
  /** Human-readable name used in the trail: application/stage/data-set[@region]. */
  subject: string;
}

export function placementsOf(profile: Profile, model: GovernanceModel, context: RuleContext): Placement[] {
  const regulations = new Map(profile.classifications.map((c) => [c.name, c.regulations]));
  const placements: Placement[] = [];
  for (const application of profile.applications) {
    for (const environment of application.environments) {
      for (const dataSet of application.data) {
        for (const regions of regionSplits(environment, dataSet)) {
          const placement = placementOf(profile, model, context, application, environment, dataSet, regions, {
            order: placements.length,
            regulations: regulations.get(dataSet.classification) ?? [],
          });
          multiRegionRule.apply(context, placement, dataSet.needs.multiRegion, environment.regions);
          placements.push(placement);
        }
      }
    }
  }
  return placements;
}

/** A multi-Region key spans the environment's regions; otherwise each region gets its own key. */
function regionSplits(environment: Environment, dataSet: DataSet): AwsRegion[][] {
  const regions = environment.regions as AwsRegion[];
  return dataSet.needs.multiRegion && regions.length > 1 ? [regions] : regions.map((region) => [region]);
}

function placementOf(
  profile: Profile,
  model: GovernanceModel,
  context: RuleContext,
  application: Application,
  environment: Environment,
  dataSet: DataSet,
  regions: AwsRegion[],
  extra: { order: number; regulations: string[] },
): Placement {
  const home = regions[0] as AwsRegion;
  const services = normalizeSet(dataSet.services);
  const storing = services.filter((id) => serviceById(id).stores);
  const regionLabel = regions.length === 1 && environment.regions.length > 1 ? `@${home}` : '';
  const partition = partitionOf(home);
  return {
    order: extra.order,
    application: application.name,
    team: application.team,
    stage: environment.stage,
    account: environment.account,
    regions,
    dataSet: dataSet.name,
    classification: dataSet.classification,
    regulations: extra.regulations,
    services,
    storingServices: storing.length > 0 ? storing : services,
    users: resolvePrincipals(dataSet.keyUsers, environment.account, home),
    admins: keyAdministratorsRule.apply(
      context,
      model,
      profile.organization,
      application,
      dataSet,
      environment.account,
      home,
    ),
    origin: dataSet.needs.byok ? 'EXTERNAL' : 'AWS_KMS',
    // A multi-Region key only where a replica region exists (the multi-region rule says why otherwise).
    multiRegion: dataSet.needs.multiRegion && regions.length > 1,
    rotationDays: dataSet.needs.rotationDays ?? profile.defaults.rotationDays,
    access: dataSet.access,
    needs: dataSet.needs,
    requestsPerMonth: dataSet.requestsPerMonth,
    publishers: normalizeSet((dataSet.publishers ?? []).map((id) => PUBLISHERS[id].principal)),
    cloudFrontDistributions: normalizeSet(
      (dataSet.cloudFrontDistributions ?? []).map((ref) =>
        ref.startsWith('arn:') ? ref : `arn:${partition}:cloudfront::${environment.account}:distribution/${ref}`,
      ),
    ),
    autoScalingRole: dataSet.autoScaling
      ? `arn:${partition}:iam::${environment.account}:${AUTO_SCALING_ROLE_PATH}`
      : undefined,
    subject: `${application.name}/${environment.stage}/${dataSet.name}${regionLabel}`,
  };
}
