import { serviceById } from '../aws/services.js';
import type { KeyType, Rotation } from '../plan/schema.js';
import { defineRule } from '../rule.js';

const NO_REENCRYPT = 'Rotation never re-encrypts existing data; old key material stays to decrypt it.';

/** DESIGN §4.4 and §6: who rotates, how often, and what rotation does not do. */
export const rotationRule = defineRule(
  {
    id: 'rotation',
    principle: 'AWS',
    title: 'Key rotation',
    rationale:
      'Customer managed symmetric keys with KMS-generated material rotate automatically (90–2560 days); imported material rotates only on demand after new material is imported; AWS managed keys rotate yearly.',
  },
  (context, subject: string, type: KeyType, rotationDays: number, services: readonly string[]): Rotation => {
    let rotation: Rotation;
    if (type === 'customer-managed') {
      const pinned = services.filter((id) => serviceById(id).pinsKeyArn);
      const pinnedNote =
        pinned.length > 0
          ? ` ${pinned.join(', ')} ${pinned.length === 1 ? 'stores' : 'store'} the key ARN: rotation keeps it, but a new key behind the same alias does not re-key existing resources (that needs re-encryption or a snapshot copy).`
          : '';
      rotation = {
        automatic: true,
        periodDays: rotationDays,
        note: `Automatic rotation every ${rotationDays} days. ${NO_REENCRYPT}${pinnedNote}`,
      };
    } else if (type === 'customer-managed-imported') {
      rotation = {
        automatic: false,
        periodDays: null,
        note: `Imported key material cannot rotate automatically: import new material, then rotate on demand (AWS caps on-demand rotations per key; check the current quota). ${NO_REENCRYPT}`,
      };
    } else if (type === 'aws-managed') {
      rotation = { automatic: true, periodDays: 365, note: 'AWS rotates AWS managed keys every year.' };
    } else {
      rotation = {
        automatic: false,
        periodDays: null,
        note: 'AWS owned keys are rotated by AWS as the service decides.',
      };
    }
    context.because(rotationRule, subject, rotation.note);
    return rotation;
  },
);
