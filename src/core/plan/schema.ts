import { z } from 'zod';

/**
 * The plan contract (shared/DESIGN.md §3). Other tools read plan JSON, so names here are fixed;
 * the schema also validates plans read back from files and the store.
 */

export const KEY_TYPES = ['customer-managed', 'customer-managed-imported', 'aws-managed', 'aws-owned'] as const;
export const KeyTypeSchema = z.enum(KEY_TYPES);
export type KeyType = z.infer<typeof KeyTypeSchema>;

export const GOVERNANCE_MODELS = ['centralized', 'decentralized', 'hybrid'] as const;
export const GovernanceModelSchema = z.enum(GOVERNANCE_MODELS);
export type GovernanceModel = z.infer<typeof GovernanceModelSchema>;

export const PRINCIPLES = ['P1', 'P2', 'P3', 'P4'] as const;
export const PrincipleSchema = z.enum(PRINCIPLES);
export type Principle = z.infer<typeof PrincipleSchema>;

const StringOrList = z.union([z.string(), z.array(z.string())]);

export const PolicyStatementSchema = z.object({
  Sid: z.string(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.union([z.object({ AWS: StringOrList }), z.object({ Service: StringOrList })]),
  Action: StringOrList,
  Resource: z.literal('*'),
  Condition: z
    .record(z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())])))
    .optional(),
});
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;

export const KeyPolicySchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(PolicyStatementSchema),
});
export type KeyPolicy = z.infer<typeof KeyPolicySchema>;

export const RotationSchema = z.object({
  automatic: z.boolean(),
  periodDays: z.number().int().nullable(),
  note: z.string(),
});
export type Rotation = z.infer<typeof RotationSchema>;

export const PlannedKeySchema = z.object({
  id: z.string(),
  /** Null only for AWS owned keys, which have no alias in the account. */
  alias: z.string().nullable(),
  type: KeyTypeSchema,
  account: z.string(),
  region: z.string(),
  application: z.string(),
  stage: z.string(),
  classification: z.string(),
  dataSets: z.array(z.string()),
  services: z.array(z.string()),
  admins: z.array(z.string()),
  users: z.array(z.string()),
  rotation: RotationSchema,
  multiRegion: z.boolean(),
  /** The primary key's id, on a multi-Region replica. */
  replicaOf: z.string().optional(),
  policy: KeyPolicySchema.nullable(),
  /** Waiting period before deletion (7–30 days), on keys the team creates. */
  deletionWindowDays: z.number().int().min(7).max(30).optional(),
  tags: z.record(z.string(), z.string()),
  principles: z.array(PrincipleSchema),
  rationale: z.array(z.string()),
  monthlyCostUsd: z.number(),
});
export type PlannedKey = z.infer<typeof PlannedKeySchema>;

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Every finding code the core emits, with the principle or fact it rests on. Part of the plan contract:
 * tools and chat key on these codes, and a property test checks that plans use no other.
 */
export const FINDING_CODES = {
  'iam-delegation-guardrails': 'AWS: root delegation keeps IAM able to grant use; pair it with SCPs and alarms',
  'governance-differs-from-traits': 'governance: the chosen model differs from what the traits suggest',
  'hybrid-without-security-team': 'governance: hybrid needs a named central security team',
  'centralized-without-security-team': 'governance: centralized needs a named central team',
  'central-team-administers-instead': 'P4: the central team replaces the team’s own administrators',
  'p4-admin-is-also-user': 'P4: a principal both administers and uses a key',
  'no-key-users': 'P4: a customer managed key names no users',
  'reader-added-to-existing-key': 'P4: readers added in a review join the existing key and gain decrypt',
  'mixed-access': 'P4: direct and service-only data share a key',
  'direct-access-needs-encryption-context': 'P4: direct KMS use needs an encryption-context condition',
  'regulated-classification': 'P1: a regulation applies to a classification',
  'aws-managed-cannot-separate': 'P1: an AWS managed key would join data sets that must be apart',
  'no-aws-managed-key': 'AWS: audit-only data on a service without an AWS managed key',
  'multi-region-without-replica-region': 'AWS: multi-Region asked for with one region',
  'imported-key-material': 'AWS: imported material must be kept and re-imported',
  'cross-account-use': 'AWS: another account uses the key',
  'sns-aws-managed-key-blocks-publishers': 'AWS: publishers cannot use aws/sns',
  'key-fixed-at-creation': 'AWS: the service cannot change its key later',
  'lambda-code-package-key': 'AWS: a Lambda code package on a customer managed key needs the Lambda principal',
  'backup-standard-vault-needs-kms-key': 'AWS: only air-gapped Backup vaults use AWS owned keys',
  'auto-scaling-role-must-exist': 'AWS: the Auto Scaling service-linked role must exist before the policy',
  'key-policy-users-grouped': 'AWS: users grouped by principal tag to stay within 32 KB',
  'key-policy-too-large': 'AWS: the key policy cannot fit KMS’s 32 KB',
} as const;
export type FindingCode = keyof typeof FINDING_CODES;

export const FindingSchema = z.object({
  severity: SeveritySchema,
  code: z.string(),
  message: z.string(),
  subject: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const TrailEntrySchema = z.object({ ruleId: z.string(), subject: z.string(), because: z.string() });
export type TrailEntry = z.infer<typeof TrailEntrySchema>;

export const PlanSchema = z.object({
  version: z.literal(1),
  organization: z.string(),
  governance: z.object({
    model: GovernanceModelSchema,
    rationale: z.array(z.string()),
    approvalRequired: z.boolean(),
  }),
  keys: z.array(PlannedKeySchema),
  counts: z.object({ recommended: z.number().int(), fewest: z.number().int(), finest: z.number().int() }),
  cost: z.object({
    monthlyUsd: z.number(),
    yearlyUsd: z.tuple([z.number(), z.number(), z.number()]),
    notes: z.array(z.string()),
  }),
  findings: z.array(FindingSchema),
  trail: z.array(TrailEntrySchema),
  /** Set on the exports of an approved plan: who approved the plan with this content hash, and when. */
  approval: z
    .object({ approvedBy: z.array(z.string()).min(1), approvedAt: z.string(), planHash: z.string() })
    .optional(),
});
export type Plan = z.infer<typeof PlanSchema>;
export type PlanApproval = NonNullable<Plan['approval']>;

/** Customer managed keys (KMS-generated or imported material) are the ones a team creates and pays for. */
export function isKmsKeyTeamCreates(key: Pick<PlannedKey, 'type'>): boolean {
  return key.type === 'customer-managed' || key.type === 'customer-managed-imported';
}
