import { accountOfArn } from './principals.js';
import type { RuleContext } from './rule.js';
import type { KeyGroup, TypedPlacement } from './rules/key-boundaries.js';

const ROOT_DELEGATION = { id: 'root-delegation' };

/** Findings about the plan as a whole rather than one key. */
export function planWideFindings(
  context: RuleContext,
  placements: readonly TypedPlacement[],
  groups: readonly KeyGroup[],
): void {
  const kms = groups.filter((g) => g.type === 'customer-managed' || g.type === 'customer-managed-imported');
  if (kms.length > 0) {
    context.find({
      severity: 'info',
      code: 'iam-delegation-guardrails',
      message:
        'Every key policy lets the account root delegate through IAM (this prevents lockout), so IAM policies can also grant key use. Pair the plan with guardrails: SCPs that deny kms:PutKeyPolicy, kms:ScheduleKeyDeletion and kms:CreateGrant outside the named roles, and CloudTrail alarms on those calls.',
      subject: 'plan',
    });
    context.because(
      ROOT_DELEGATION,
      'plan',
      'root kms:* kept in every policy for IAM delegation and lockout protection',
    );
  }
  for (const group of kms) {
    const modes = new Set(group.placements.map((p) => p.access));
    if (modes.size > 1) {
      const first = group.placements[0] as TypedPlacement;
      context.find({
        severity: 'warning',
        code: 'mixed-access',
        message: `${first.application}/${first.stage}: ${group.placements.map((p) => p.dataSet).join(', ')} share a key, but some are used directly and some only through AWS services, so the key users may call KMS directly for all of them. Give the direct-access data its own key users to separate them.`,
        subject: first.subject,
      });
    }
  }
  centralTeamFindings(context, placements);
  autoScalingRoleFindings(context, placements);
  for (const p of placements) {
    if (p.type === 'customer-managed-imported') {
      context.find({
        severity: 'info',
        code: 'imported-key-material',
        message: `${p.subject} uses imported key material: keep the material in your own HSM, track its expiry, and plan re-imports; KMS cannot recover deleted or expired material.`,
        subject: p.subject,
      });
    }
    const foreign = p.users.filter((arn) => {
      const account = accountOfArn(arn);
      return account !== undefined && account !== p.account;
    });
    if (foreign.length > 0) {
      context.find({
        severity: 'info',
        code: 'cross-account-use',
        message: `${p.subject} is used from another account (${foreign.join(', ')}): that account's IAM policies must also allow the use, and the grant is visible in IAM Access Analyzer.`,
        subject: p.subject,
      });
    }
  }
}

/**
 * Under centralized governance the central team's administrators replace the ones named for an
 * application (P4): said once per data set and set of names, not for every stage and region.
 */
function centralTeamFindings(context: RuleContext, placements: readonly TypedPlacement[]): void {
  const said = new Set<string>();
  for (const p of placements) {
    const replaced = p.admins.replaced ?? [];
    if (replaced.length === 0 || !(p.type === 'customer-managed' || p.type === 'customer-managed-imported')) continue;
    const subject = `${p.application}/${p.dataSet}`;
    const key = `${subject}\u0000${replaced.join()}`;
    if (said.has(key)) continue;
    said.add(key);
    context.find({
      severity: 'warning',
      code: 'central-team-administers-instead',
      message: `P4: under centralized governance the central security team (${p.admins.team.join(', ')}) administers the keys of ${subject}; the administrators named for it (${replaced.join(', ')}) are not in the key policies. Name them as key users if they need the data, or choose hybrid governance to let the team run day-to-day key operations.`,
      subject,
    });
  }
}

/** The Auto Scaling service-linked role is one per account: said once for each account whose policies name it. */
function autoScalingRoleFindings(context: RuleContext, placements: readonly TypedPlacement[]): void {
  const said = new Set<string>();
  for (const p of placements) {
    if (p.autoScalingRole === undefined || said.has(p.account)) continue;
    if (!(p.type === 'customer-managed' || p.type === 'customer-managed-imported')) continue;
    said.add(p.account);
    context.find({
      severity: 'info',
      code: 'auto-scaling-role-must-exist',
      message: `Key policies in account ${p.account} name EC2 Auto Scaling's service-linked role (${p.autoScalingRole}), and KMS refuses a policy naming a role that does not exist. If the account has never used Auto Scaling, create the role first: aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com.`,
      subject: p.account,
    });
  }
}
