import { CLOUDFRONT_ACTIONS, CLOUDFRONT_PRINCIPAL, PUBLISHER_ACTIONS } from '../aws/integrations.js';
import { type AwsRegion, dnsSuffixOf, partitionOf } from '../aws/regions.js';
import { serviceById } from '../aws/services.js';
import type { GovernanceModel, KeyPolicy, KeyType, PolicyStatement } from '../plan/schema.js';
import {
  ADMIN_ACTIONS,
  CENTRAL_ONLY_ACTIONS,
  CENTRAL_READ_ACTIONS,
  GRANT_ACTIONS,
  IMPORTED_MATERIAL_ADMIN_ACTIONS,
  MULTI_REGION_ADMIN_ACTIONS,
  USER_ACTIONS,
} from '../policy/actions.js';
import { accountRootArn, normalizeSet } from '../principals.js';
import { defineRule } from '../rule.js';
import type { KeyAdministrators } from './key-administrators.js';

export interface PolicyInput {
  subject: string;
  type: KeyType;
  account: string;
  region: AwsRegion;
  multiRegion: boolean;
  services: readonly string[];
  users: readonly string[];
  admins: KeyAdministrators;
  /** 'direct' when any data set on the key has the application call KMS itself. */
  access: 'service' | 'direct';
  model: GovernanceModel;
  /** Service principals publishing to the key's SNS topics or SQS queues. */
  publishers?: readonly string[];
  /** CloudFront distribution ARNs reading the key's S3 objects through origin access control. */
  cloudFrontDistributions?: readonly string[];
  /** The EC2 Auto Scaling service-linked role, when it launches the key's EBS volumes. */
  autoScalingRole?: string;
}

// Plans are values nobody mutates: statements share these arrays instead of copying them per key,
// which keeps a 12,000-key plan's allocation (and its garbage collection) down.
const USER_ACTION_LIST: string[] = [...USER_ACTIONS];
const GRANT_ACTION_LIST: string[] = [...GRANT_ACTIONS];
const CENTRAL_ACTION_LIST: string[] = [...CENTRAL_ONLY_ACTIONS, ...CENTRAL_READ_ACTIONS];
const PUBLISHER_ACTION_LIST: string[] = [...PUBLISHER_ACTIONS];
const CLOUDFRONT_ACTION_LIST: string[] = [...CLOUDFRONT_ACTIONS];
/** Automatic rotation does not apply to imported key material: its administrators get no switch for it. */
const AUTOMATIC_ROTATION_ACTIONS: readonly string[] = ['kms:EnableKeyRotation', 'kms:DisableKeyRotation'];

function principal(arns: readonly string[]): { AWS: string | string[] } {
  return { AWS: arns.length === 1 ? (arns[0] as string) : (arns as string[]) };
}

function fill(template: string, input: PolicyInput): string {
  return template
    .replaceAll('{region}', input.region)
    .replaceAll('{partition}', partitionOf(input.region))
    .replaceAll('{account}', input.account)
    .replaceAll('{dnsSuffix}', dnsSuffixOf(input.region));
}

export function viaServiceValues(services: readonly string[], region: AwsRegion): string[] {
  const prefixes = services.flatMap((id) => serviceById(id).viaService);
  // kms:ViaService values end in .amazonaws.com in every partition, China included (KMS condition-key docs).
  return normalizeSet(prefixes.map((prefix) => `${prefix}.${region}.amazonaws.com`));
}

const adminActionLists = new Map<string, readonly string[]>();

/** The administrator actions for a kind of key; the few variants are built once and shared. */
function adminActions(input: PolicyInput): string[] {
  const centralHolds = input.model === 'hybrid' && input.admins.security.length > 0;
  const variant = `${input.type}|${input.multiRegion}|${centralHolds}`;
  let actions = adminActionLists.get(variant);
  if (!actions) {
    let all: string[] = [...ADMIN_ACTIONS];
    if (input.type === 'customer-managed-imported') {
      all = all.filter((action) => !AUTOMATIC_ROTATION_ACTIONS.includes(action));
      all.push(...IMPORTED_MATERIAL_ADMIN_ACTIONS);
    }
    if (input.multiRegion) all.push(...MULTI_REGION_ADMIN_ACTIONS);
    actions = centralHolds ? all.filter((a) => !(CENTRAL_ONLY_ACTIONS as readonly string[]).includes(a)) : all;
    adminActionLists.set(variant, actions);
  }
  return actions as string[];
}

/** DESIGN §4.5: root delegation, explicit admin actions, scoped use, grants, service principals. */
export const keyPolicyRule = defineRule(
  {
    id: 'key-policy',
    principle: 'P4',
    title: 'Least-privilege key policy',
    rationale:
      'The account root keeps IAM delegation and prevents lockout; administrators get administrative actions only; users get cryptographic actions only, through the key’s services; grants only for AWS resources; never a wildcard principal.',
  },
  (context, input: PolicyInput): KeyPolicy => {
    const statements: PolicyStatement[] = [
      {
        Sid: 'EnableRootAccountAndIAMPolicies',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(input.account, input.region) },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowKeyAdministration',
        Effect: 'Allow',
        Principal: principal(input.admins.team),
        Action: adminActions(input),
        Resource: '*',
      },
    ];
    if (input.model === 'hybrid' && input.admins.security.length > 0) {
      statements.push({
        Sid: 'AllowCentralSecurityPolicyAndDeletion',
        Effect: 'Allow',
        Principal: principal(input.admins.security),
        Action: CENTRAL_ACTION_LIST,
        Resource: '*',
      });
    }
    if (input.users.length > 0) {
      const via = viaServiceValues(input.services, input.region);
      statements.push({
        Sid: 'AllowKeyUse',
        Effect: 'Allow',
        Principal: principal(input.users),
        Action: USER_ACTION_LIST,
        Resource: '*',
        ...(input.access === 'service' ? { Condition: { StringEquals: { 'kms:ViaService': via } } } : {}),
      });
      if (input.access === 'direct') {
        context.because(
          keyPolicyRule,
          input.subject,
          'key users call KMS directly, so no kms:ViaService condition; add a kms:EncryptionContext condition that names the application’s context',
        );
      }
      if (input.services.some((id) => serviceById(id).grants)) {
        statements.push({
          Sid: 'AllowGrantsForAWSResources',
          Effect: 'Allow',
          Principal: principal(input.users),
          Action: GRANT_ACTION_LIST,
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        });
      }
    }
    for (const id of input.services) {
      for (const grant of serviceById(id).servicePrincipals) {
        const statement: PolicyStatement = {
          Sid: `AllowService${id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`,
          Effect: 'Allow',
          Principal: { Service: fill(grant.principal, input) },
          Action: [...grant.actions],
          Resource: '*',
        };
        if (grant.encryptionContextKey && grant.encryptionContextArn) {
          statement.Condition = { ArnLike: { [grant.encryptionContextKey]: fill(grant.encryptionContextArn, input) } };
        }
        statements.push(statement);
      }
    }
    statements.push(...integrationStatements(input));
    return { Version: '2012-10-17', Statement: statements };
  },
);

/** Statements for the AWS services the profile says act on the key's resources (src/core/aws/integrations.ts). */
function integrationStatements(input: PolicyInput): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (input.publishers && input.publishers.length > 0) {
    statements.push({
      Sid: 'AllowPublishersToEncryptedTopicsAndQueues',
      Effect: 'Allow',
      Principal: { Service: input.publishers.length === 1 ? (input.publishers[0] as string) : [...input.publishers] },
      Action: PUBLISHER_ACTION_LIST,
      Resource: '*',
    });
  }
  if (input.cloudFrontDistributions && input.cloudFrontDistributions.length > 0) {
    statements.push({
      Sid: 'AllowCloudFrontOriginAccessControl',
      Effect: 'Allow',
      Principal: { Service: CLOUDFRONT_PRINCIPAL },
      Action: CLOUDFRONT_ACTION_LIST,
      Resource: '*',
      Condition: { StringEquals: { 'AWS:SourceArn': [...input.cloudFrontDistributions] } },
    });
  }
  if (input.autoScalingRole !== undefined) {
    statements.push(
      {
        Sid: 'AllowAutoScalingServiceLinkedRoleUse',
        Effect: 'Allow',
        Principal: { AWS: input.autoScalingRole },
        Action: USER_ACTION_LIST,
        Resource: '*',
      },
      {
        Sid: 'AllowAutoScalingServiceLinkedRoleGrants',
        Effect: 'Allow',
        Principal: { AWS: input.autoScalingRole },
        Action: ['kms:CreateGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    );
  }
  return statements;
}
