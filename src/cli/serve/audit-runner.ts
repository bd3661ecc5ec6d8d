import { auditAccount } from '../../audit/audit-account.js';
import { buildClients } from '../../audit/aws/clients.js';
import { defaultLimits, socketsFor } from '../../audit/inventory/quotas.js';
import type { AuditRunner } from '../../conversation/index.js';

/**
 * `/keyplan audit` with the server's own AWS credentials (the SDK's provider chain). Workspace roles
 * come with workspace configuration; the conversation layer only ever sees this function.
 */
export function serverAuditRunner(): AuditRunner {
  return async ({ region }) => {
    const { kms, sts } = buildClients({ region, maxSockets: socketsFor(defaultLimits()) });
    const resolved = region ?? (await kms.config.region());
    return auditAccount({ kms, sts, region: resolved });
  };
}
