import { canRotateAutomatically, displayName } from '../model/key-scope.js';
import { cliKey, sh, tfImportNote, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/**
 * Automatic rotation off on a key that supports it. Keys that cannot rotate automatically (asymmetric,
 * HMAC, imported material, custom key stores) are skipped, and so are AWS managed keys, which rotate
 * yearly on their own. A multi-Region replica reports its primary's setting, so the fix names the primary.
 */
export const rotationDisabled: KeyCheck = {
  id: 'rotation-disabled',
  title: 'Automatic rotation is off on a key that can rotate',
  severity: 'warning',
  rationale:
    'Automatic rotation limits how much data one key version protects and is expected by most compliance ' +
    'frameworks (CIS AWS 3.x, PCI-DSS 3.6.4). It costs at most $2 a month more per key and never breaks ' +
    'decryption of existing data.',
  evaluate(key) {
    if (!canRotateAutomatically(key.facts) || key.rotation === null || key.rotation.enabled) return [];
    const replica = key.facts?.multiRegionRole === 'REPLICA' ? ' (a replica: enable it on the primary key)' : '';
    return [{ message: `automatic rotation is off on ${displayName(key)}${replica}` }];
  },
  remediation(key, { region }) {
    const primary = key.facts?.multiRegionRole === 'REPLICA' ? key.facts.primaryArn : null;
    const target = primary
      ? `--key-id ${sh(primary)} --region ${sh(primary.split(':')[3] || region)}`
      : cliKey(key, region);
    return {
      cli: `aws kms enable-key-rotation ${target} --rotation-period-in-days 365`,
      terraform: [
        tfImportNote(key),
        `resource "aws_kms_key" "${tfName(key)}" {`,
        '  enable_key_rotation     = true',
        '  rotation_period_in_days = 365',
        '}',
      ].join('\n'),
    };
  },
};
