import type { Placement } from '../placements.js';
import { defineRule } from '../rule.js';

/** Regulations named on a classification need evidence of audit and rotation for every key under it. */
export const regulatedClassificationRule = defineRule(
  {
    id: 'regulated-classification',
    principle: 'P1',
    title: 'Regulated classifications',
    rationale:
      'Regulations such as HIPAA or PCI-DSS ask for audit trails and rotation evidence; separate keys per classification keep that evidence per regulated data set.',
  },
  (context, placements: readonly Placement[]): void => {
    const byClassification = new Map<string, { regulations: string[]; subjects: string[] }>();
    for (const placement of placements) {
      if (placement.regulations.length === 0) continue;
      const entry = byClassification.get(placement.classification) ?? {
        regulations: placement.regulations,
        subjects: [],
      };
      entry.subjects.push(placement.subject);
      byClassification.set(placement.classification, entry);
    }
    for (const [classification, { regulations, subjects }] of byClassification) {
      const names = regulations.join(', ');
      context.find({
        severity: 'info',
        code: 'regulated-classification',
        message: `${classification} data falls under ${names} (${subjects.length} data set placement(s)). Keep CloudTrail logging of every KMS call on these keys, evidence of rotation (GetKeyRotationStatus, ListKeyRotations) and the approved key policies for your ${names} audits.`,
        subject: classification,
      });
      context.because(regulatedClassificationRule, classification, `regulated by ${names}`);
    }
  },
);
