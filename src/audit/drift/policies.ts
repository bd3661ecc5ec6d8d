import type { PlannedKey } from '../../core/plan/schema.js';
import { hcl, sh, tfName } from '../checks/snippets.js';
import type { Remediation } from '../checks/types.js';
import type { KeyRecord } from '../model/inventory.js';
import { partitionFromArn } from '../model/key-scope.js';
import { type PolicyDocument, parsePolicyDocument } from '../policy/document.js';

/**
 * Both policies in the normalised form, or null when either side has none to compare (an AWS owned
 * entry, an unreadable live policy). The planned policy goes through the same parser as the live one,
 * so spelling differences (string vs list, account id vs root ARN) never show up as drift.
 */
export function policyPair(
  live: KeyRecord,
  planned: PlannedKey,
): { live: PolicyDocument; planned: PolicyDocument } | null {
  const liveDocument = live.policy?.document ?? null;
  if (planned.policy === null || liveDocument === null) return null;
  const plannedDocument = parsePolicyDocument(JSON.stringify(planned.policy), partitionFromArn(live.arn));
  return plannedDocument === null ? null : { live: liveDocument, planned: plannedDocument };
}

/** Put the planned policy back: the plan's JSON is the approved source of truth. */
export function restorePlannedPolicy(live: KeyRecord, planned: PlannedKey, region: string): Remediation {
  const name = tfName(live);
  return {
    cli: [
      '# write the planned policy (plan.keys[].policy) to planned-policy.json, then:',
      `aws kms put-key-policy --key-id ${sh(live.keyId)} --region ${sh(region)} --policy-name default --policy file://planned-policy.json`,
    ].join('\n'),
    terraform: [
      `resource "aws_kms_key_policy" "${name}" {`,
      `  key_id = ${hcl(live.keyId)}`,
      '  # the planned policy, as exported by keyplan for this key',
      `  policy = file(${hcl(`policies/${planned.id}.json`)})`,
      '}',
    ].join('\n'),
  };
}

export function setDifference<T>(left: ReadonlySet<T>, right: ReadonlySet<T>): T[] {
  return [...left].filter((item) => !right.has(item)).sort();
}
