import { z } from 'zod';

/**
 * A workspace's configuration, as its admins set it with `/keyplan config …` (Slack) or `config …`
 * (Teams). Stored as one JSON document per tenant; read back through this schema, so an older
 * document gains the defaults of settings added since.
 */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const Id = z.string().trim().min(1).max(255);

export const WorkspaceSettingsSchema = z.object({
  /** Where approval requests go: a Slack channel id, or a Teams conversation reference id. */
  securityChannel: Id.optional(),
  /** Who may approve: user ids, and groups whose members may (Slack user groups). */
  approvers: z.object({ users: z.array(Id).max(200), groups: z.array(Id).max(50) }).default({ users: [], groups: [] }),
  /** Every confirmed plan goes for approval, not only those whose governance asks for it (hybrid). */
  requireApproval: z.boolean().default(false),
  /** Plans holding data of these classifications need two distinct approvers. */
  twoApproverClassifications: z.array(Id).max(50).default([]),
  /** Days an approval request waits before it expires. */
  approvalExpiryDays: z.number().int().min(1).max(90).default(7),
  /** Days between strategy reviews of an approved plan. */
  reviewIntervalDays: z.number().int().min(1).max(730).default(90),
  /** A cron expression for reviews instead of the interval (e.g. `0 9 1 1,4,7,10 *`: quarterly). */
  reviewCron: z.string().max(200).optional(),
  /** The role `/keyplan audit` assumes for this workspace. */
  awsRole: z.object({ arn: z.string().regex(ROLE_ARN), region: z.string().regex(REGION).optional() }).optional(),
  /** Who may change these settings, besides the administrators keyplan was started with. */
  admins: z.array(Id).max(100).default([]),
});

export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = WorkspaceSettingsSchema.parse({});

/** A stored document (or none) → settings with every default; a damaged one says so instead of guessing. */
export function readSettings(stored: unknown): WorkspaceSettings {
  if (stored === undefined) return DEFAULT_SETTINGS;
  const parsed = WorkspaceSettingsSchema.safeParse(stored);
  if (!parsed.success) throw new Error('the stored workspace settings are damaged');
  return parsed.data;
}

/** One change an admin makes. */
export type SettingsChange =
  | { kind: 'security-channel'; channelId: string }
  | { kind: 'approvers'; users: string[]; groups: string[] }
  | { kind: 'require-approval'; on: boolean }
  | { kind: 'two-approvers'; classifications: string[] }
  | { kind: 'approval-expiry'; days: number }
  | { kind: 'review-interval'; days: number }
  | { kind: 'review-cron'; expression: string }
  | { kind: 'aws-role'; arn: string; region?: string }
  | { kind: 'aws-role-off' }
  | { kind: 'admins'; users: string[] };

export function applyChange(settings: WorkspaceSettings, change: SettingsChange): WorkspaceSettings {
  switch (change.kind) {
    case 'security-channel':
      return { ...settings, securityChannel: change.channelId };
    case 'approvers':
      return { ...settings, approvers: { users: change.users, groups: change.groups } };
    case 'require-approval':
      return { ...settings, requireApproval: change.on };
    case 'two-approvers':
      return { ...settings, twoApproverClassifications: change.classifications };
    case 'approval-expiry':
      return { ...settings, approvalExpiryDays: change.days };
    case 'review-interval': {
      const { reviewCron: _dropped, ...rest } = settings;
      return { ...rest, reviewIntervalDays: change.days };
    }
    case 'review-cron':
      return { ...settings, reviewCron: change.expression };
    case 'aws-role':
      return { ...settings, awsRole: { arn: change.arn, ...(change.region ? { region: change.region } : {}) } };
    case 'aws-role-off': {
      const { awsRole: _dropped, ...rest } = settings;
      return rest;
    }
    case 'admins':
      return { ...settings, admins: change.users };
  }
}

/** The settings as lines for `config show`, with what each means. */
export function describeSettings(settings: WorkspaceSettings, mention: (ref: string) => string): string[] {
  const approvers = [
    ...settings.approvers.users.map((u) => mention(`user:${u}`)),
    ...settings.approvers.groups.map((g) => mention(`group:${g}`)),
  ];
  return [
    `Security channel: ${settings.securityChannel ? mention(`channel:${settings.securityChannel}`) : 'not set (config security-channel …)'}`,
    `Approvers: ${approvers.length > 0 ? approvers.join(', ') : 'none yet (config approvers …)'}`,
    `Approval required: ${settings.requireApproval ? 'for every plan' : 'when the governance model asks for it (hybrid)'}`,
    `Two approvers for: ${settings.twoApproverClassifications.length > 0 ? settings.twoApproverClassifications.join(', ') : 'no classification'}`,
    `Approval requests expire after ${settings.approvalExpiryDays} days`,
    settings.reviewCron
      ? `Strategy reviews on the schedule ${settings.reviewCron}`
      : `Strategy reviews every ${settings.reviewIntervalDays} days`,
    `AWS role for audits: ${settings.awsRole ? `${settings.awsRole.arn}${settings.awsRole.region ? ` in ${settings.awsRole.region}` : ''}` : "keyplan's own credentials"}`,
    `Admins: ${settings.admins.length > 0 ? settings.admins.map((u) => mention(`user:${u}`)).join(', ') : 'only those keyplan was started with'}`,
  ];
}
