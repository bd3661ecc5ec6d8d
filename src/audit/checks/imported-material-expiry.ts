import { displayName, isCustomerManaged, isPendingDeletion } from '../model/key-scope.js';
import { cliKey, daysBetween, tfImportNote, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

export const EXPIRY_WARNING_DAYS = 30;
/** Inside a week there is rarely time for the offline steps of an import: treat it as an error. */
export const EXPIRY_ERROR_DAYS = 7;

/**
 * Imported key material set to expire (ExpirationModel KEY_MATERIAL_EXPIRES) within 30 days. When it
 * expires KMS deletes it and the key becomes unusable (PendingImport) until the same material is imported
 * again.
 */
export const importedMaterialExpiry: KeyCheck = {
  id: 'imported-material-expiry',
  title: 'Imported key material expires soon',
  severity: 'warning',
  rationale:
    'When imported key material expires, KMS deletes it and every request using the key fails until the ' +
    'same material is imported again: an outage for everything encrypted under the key.',
  evaluate(key, { now }) {
    const facts = key.facts;
    if (!isCustomerManaged(facts) || facts.origin !== 'EXTERNAL' || isPendingDeletion(facts)) return [];
    if (facts.expirationModel !== 'KEY_MATERIAL_EXPIRES' || facts.validTo === null) return [];
    const days = daysBetween(now, new Date(facts.validTo));
    if (days > EXPIRY_WARNING_DAYS) return [];
    if (days <= 0 || facts.state === 'PendingImport') {
      return [
        { severity: 'error', message: `imported key material of ${displayName(key)} expired on ${facts.validTo}` },
      ];
    }
    return [
      {
        severity: days <= EXPIRY_ERROR_DAYS ? 'error' : 'warning',
        message: `imported key material of ${displayName(key)} expires on ${facts.validTo} (in ${Math.ceil(days)} days)`,
      },
    ];
  },
  remediation(key, { region }) {
    return {
      cli: [
        `aws kms get-parameters-for-import ${cliKey(key, region)} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_4096`,
        '# wrap the same key material with the returned public key, then:',
        `aws kms import-key-material ${cliKey(key, region)} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`,
      ].join('\n'),
      terraform: [
        tfImportNote(key, 'aws_kms_external_key'),
        `resource "aws_kms_external_key" "${tfName(key)}" {`,
        '  key_material_base64 = var.key_material_base64',
        '  # no valid_to: the material does not expire',
        '}',
      ].join('\n'),
    };
  },
};
