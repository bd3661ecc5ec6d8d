import { serviceById } from '../aws/services.js';
import type { Placement } from '../placements.js';
import type { KeyType } from '../plan/schema.js';
import { accountOfArn } from '../principals.js';
import { defineRule } from '../rule.js';

export interface KeyTypeDecision {
  type: KeyType;
  because: string;
}

/** Reasons a customer managed key is required whatever `needs` says: a policy must name someone. */
function forcedCustomerManaged(placement: Placement): string | undefined {
  const foreign = [...placement.users, ...placement.admins.team].filter((arn) => {
    const account = accountOfArn(arn);
    return account !== undefined && account !== placement.account;
  });
  if (foreign.length > 0) {
    return `principals of another account (${foreign.join(', ')}) must be named in the key policy, which only a customer managed key allows`;
  }
  const withPrincipal = placement.services.filter((id) => serviceById(id).servicePrincipals.length > 0);
  if (withPrincipal.length > 0) {
    return `${withPrincipal.join(', ')} must be named as a service principal in the key policy, which only a customer managed key allows`;
  }
  if (placement.needs.multiRegion) {
    return 'a multi-Region key is needed, and only customer managed keys can be multi-Region';
  }
  return undefined;
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
    const forced = forcedCustomerManaged(placement);
    const storing = placement.storingServices.map(serviceById);
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
    if (storing.every((service) => service.awsOwned)) {
      return decide({
        type: 'aws-owned',
        because: 'neither control nor audit is needed: AWS owned keys encrypt at rest',
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
