import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { auditAccount } from '../../audit/audit-account.js';
import { buildClients } from '../../audit/aws/clients.js';
import { errorMessage, errorName } from '../../audit/aws/errors.js';
import { defaultLimits, socketsFor } from '../../audit/inventory/quotas.js';
import type { AwsLimits } from '../../config.js';
import type { AuditRunner, RoleCheck } from '../../conversation/index.js';

/**
 * `/keyplan audit` with the server's own AWS credentials (the SDK's provider chain), or with the role a
 * workspace configured assumed on top of them; the conversation layer only ever sees this function.
 */
export function serverAuditRunner(limits?: AwsLimits): AuditRunner {
  return async ({ region, roleArn }) => {
    const { kms, sts } = buildClients({ region, roleArn, limits, maxSockets: socketsFor(defaultLimits()) });
    const resolved = region ?? (await kms.config.region());
    return auditAccount({ kms, sts, region: resolved });
  };
}

/** `config aws-role`: a dry AssumeRole proves keyplan may use the role before the workspace relies on it. */
export function stsRoleCheck(limits?: AwsLimits): RoleCheck {
  return async (arn, region) => {
    const { sts } = buildClients({ region, limits, maxSockets: 2 });
    try {
      await sts.send(
        new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'keyplan-config-check', DurationSeconds: 900 }),
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `${errorName(error)}: ${errorMessage(error)}` };
    }
  };
}
