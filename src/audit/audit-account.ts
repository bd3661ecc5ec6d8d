import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../core/plan/schema.js';
import { accountFromKeys, callerAccount } from './aws/account.js';
import { type CollectProgress, type CollectStats, collectInventory } from './inventory/collect.js';
import { createGates } from './inventory/quotas.js';
import { buildReport } from './report/build.js';
import type { AuditReport } from './report/types.js';

export interface AuditAccountInput {
  kms: KMSClient;
  region: string;
  /** Asked for the account id; without it, the id is read from the key ARNs. */
  sts?: STSClient | null;
  plan?: Plan | null;
  now?: Date;
  onProgress?: (progress: CollectProgress) => void;
}

function throttleNote(stats: CollectStats): string[] {
  const entries = Object.entries(stats.throttles);
  if (entries.length === 0) return [];
  const detail = entries.map(([api, count]) => `${api} ${count}`).join(', ');
  return [`KMS throttled some requests (${detail}); they were retried at a lower rate`];
}

/**
 * One audit of one account and region: inventory under the request quotas, checks, and drift against
 * the plan. The CLI and the chat `/keyplan audit` both call this; errors from AWS propagate to them.
 */
export async function auditAccount(input: AuditAccountInput): Promise<AuditReport> {
  const stsAccount = callerAccount(input.sts ?? null);
  const inventory = await collectInventory(input.kms, {
    gates: createGates(),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const account = (await stsAccount) ?? accountFromKeys(inventory.keys);
  const report = buildReport({
    inventory,
    region: input.region,
    account,
    now: input.now ?? new Date(),
    plan: input.plan ?? null,
  });
  report.notes.push(...throttleNote(inventory.stats));
  return report;
}
