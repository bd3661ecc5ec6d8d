import { serviceById } from '../aws/services.js';
import { defineRule } from '../rule.js';
import type { TypedPlacement } from './key-boundaries.js';

/**
 * What a service's documentation warns about, as findings on the data sets it applies to: the plan's
 * reader sees it in the report, the JSON findings and chat, not only in a service note.
 */
export const serviceCautionsRule = defineRule(
  {
    id: 'service-cautions',
    principle: 'AWS',
    title: 'Service warnings',
    rationale:
      'Some service behaviours decide whether a key works at all (publishers to an SNS topic on aws/sns) or can be changed later (OpenSearch, ElastiCache); direct use of KMS has no service to scope it, so the policy needs an encryption context.',
  },
  (context, placements: readonly TypedPlacement[]): void => {
    const said = new Set<string>();
    const once = (subject: string, code: string, emit: () => void) => {
      const key = `${subject}\u0000${code}`;
      if (said.has(key)) return;
      said.add(key);
      emit();
    };
    for (const placement of placements) {
      // Findings name the data set, not each of its regions: the answer is the same in every region.
      const subject = `${placement.application}/${placement.stage}/${placement.dataSet}`;
      for (const id of placement.services) {
        for (const caution of serviceById(id).cautions ?? []) {
          if (!caution.appliesTo.includes(placement.type)) continue;
          once(subject, caution.code, () => {
            context.find({
              severity: caution.severity,
              code: caution.code,
              message: `${subject} (${id}): ${caution.message}`,
              subject,
            });
            context.because(serviceCautionsRule, subject, caution.code);
          });
        }
      }
      const kms = placement.type === 'customer-managed' || placement.type === 'customer-managed-imported';
      if (kms && placement.access === 'direct') {
        once(subject, 'direct-access-needs-encryption-context', () => {
          context.find({
            severity: 'warning',
            code: 'direct-access-needs-encryption-context',
            message: `${subject} is encrypted by the application calling KMS directly, so no kms:ViaService condition can scope its key users. Have the application pass an encryption context that names the data (e.g. {"app": "${placement.application}", "dataSet": "${placement.dataSet}"}) and add a kms:EncryptionContext:<key> condition on that value to the key use statement.`,
            subject,
          });
        });
      }
    }
  },
);
