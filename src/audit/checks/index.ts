import { disabledKey } from './disabled-key.js';
import { importedMaterialExpiry } from './imported-material-expiry.js';
import { keyNotReadable } from './key-not-readable.js';
import { kmsStarNonRoot } from './kms-star-non-root.js';
import { missingAlias } from './missing-alias.js';
import { missingOwnershipTagsCheck } from './missing-ownership-tags.js';
import { pendingDeletion } from './pending-deletion.js';
import { publicKeyPolicy } from './public-key-policy.js';
import { rotationDisabled } from './rotation-disabled.js';
import { separationOfDuties } from './separation-of-duties.js';
import type { KeyCheck } from './types.js';

/** Every live check, in the order reports list them when severities tie. */
export const ALL_CHECKS: readonly KeyCheck[] = [
  publicKeyPolicy,
  kmsStarNonRoot,
  pendingDeletion,
  importedMaterialExpiry,
  rotationDisabled,
  separationOfDuties,
  disabledKey,
  missingOwnershipTagsCheck,
  missingAlias,
  keyNotReadable,
];
