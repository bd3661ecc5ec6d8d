import { serviceById } from '../aws/services.js';
import type { Placement } from '../placements.js';
import type { KeyType } from '../plan/schema.js';
import { accountOfArn } from '../principals.js';
import { defineRule } from '../rule.js';

export interface KeyTypeDecision {
  type: KeyType;
  because: string;
}

/** Reasons a customer managed key is required whatever `needs` says: the policy must name another account. */
function forcedCustomerManaged(placement: Placement): string | undefined {
  const foreign = [...placement.users, ...placement.admins.team].filter((arn) => {
    const account = accountOfArn(arn);
    return account !== undefined && account !== placement.account;
  });
  if (foreign.length > 0) {
    return `principals of another account (${foreign.join(', ')}) must be named in the key policy, which only a customer managed key allows`;
  }
  if (placement.multiRegion) {
    return 'a multi-Region key is needed, and only customer managed keys can be multi-Region';
  }
  return undefined;
}

/**
 * Reasons a KMS key, if one is used at all, must be customer managed: its policy must name a service
 * principal (CloudWatch Logs, publishers to a topic or queue, CloudFront origin access control), which
 * an AWS managed key's fixed policy cannot. A service's default encryption with AWS owned keys needs no
 * key policy, so these do not force a key where neither control nor audit is asked for.
 */
function principalsToName(placement: Placement): string | undefined {
  const named = [
    ...placement.services.filter((id) => serviceById(id).servicePrincipals.length > 0),
    ...(placement.publishers.length > 0 ? [`the publishers ${placement.publishers.join(', ')}`] : []),
    ...(placement.cloudFrontDistributions.length > 0 ? ['CloudFront origin access control'] : []),
  ];
  if (named.length === 0) return undefined;
  return `${named.join(', ')} must be named as a service principal in the key policy, which only a customer managed key allows`;
}

/** DESIGN §4.3: control or BYOK → customer managed; audit only → AWS managed; neither → AWS owned. */
export const keyTypeRule = defineRule(
  {
    id: 'key-type',
    principle: 'AWS',
    title: 'Key type from control and audit needs',
    rationale:
      'Customer managed keys give control over policy and rotation; AWS managed keys give an audit trail without management; AWS owned keys give encryption at rest with neither.',
  },
  (context, placement: Placement): KeyTypeDecision => {
    const { needs } = placement;
    const decide = (decision: KeyTypeDecision): KeyTypeDecision => {
      context.because(keyTypeRule, placement.subject, `${decision.type}: ${decision.because}`);
      return decision;
    };
    if (needs.byok) {
      return decide({
        type: 'customer-managed-imported',
        because: 'bring-your-own-key needs imported key material (origin EXTERNAL)',
      });
    }
    if (needs.control) {
      return decide({ type: 'customer-managed', because: 'the team needs control over the key policy and rotation' });
    }
    const always = forcedCustomerManaged(placement);
    if (always) return decide({ type: 'customer-managed', because: always });
    const storing = placement.storingServices.map(serviceById);
    if (!needs.audit && storing.every((service) => service.awsOwned)) {
      // Checked before service principals: log groups, SQS queues and S3 buckets encrypt by default with
      // keys the service owns, and no key policy has to name anyone for that.
      return decide({
        type: 'aws-owned',
        because: 'neither control nor audit is needed: the services encrypt at rest by default with AWS owned keys',
      });
    }
    const forced = principalsToName(placement);
    const withoutManaged = storing.filter((service) => service.awsManagedAlias === null);
    if (needs.audit && withoutManaged.length > 0) {
      // DESIGN §4.3: audit only where the service has no AWS managed key → customer managed, with a finding
      // (also when a policy must name someone anyway, e.g. CloudWatch Logs' service principal).
      const names = withoutManaged.map((service) => service.id).join(', ');
      context.find({
        severity: 'info',
        code: 'no-aws-managed-key',
        message: `${placement.subject}: ${names} has no AWS managed key, so audit-only needs are met with a customer managed key.`,
        subject: placement.subject,
      });
      return decide({
        type: 'customer-managed',
        because: forced ?? `${names} has no AWS managed key to give an audit trail`,
      });
    }
    if (forced) return decide({ type: 'customer-managed', because: forced });
    if (needs.audit) {
      return decide({
        type: 'aws-managed',
        because: 'an audit trail is needed but not control: the service’s AWS managed key logs every use in CloudTrail',
      });
    }
    if (withoutManaged.length === 0) {
      const names = storing
        .filter((service) => !service.awsOwned)
        .map((service) => service.id)
        .join(', ');
      return decide({
        type: 'aws-managed',
        because: `neither control nor audit is needed, but ${names} offers no AWS owned key, so its AWS managed key is used`,
      });
    }
    return decide({
      type: 'customer-managed',
      because: `${withoutManaged.map((service) => service.id).join(', ')} offers neither an AWS owned nor an AWS managed key for this data`,
    });
  },
);
