import { cliKey, tfImportNote, tfName } from '../checks/snippets.js';
import { canRotateAutomatically, isCustomerManaged, isPendingDeletion } from '../model/key-scope.js';
import type { DriftRule } from './types.js';

/** Rotation on the live key versus the plan: off when planned on, another period, or on when planned off. */
export const rotationDrift: DriftRule = {
  id: 'drift-rotation',
  title: 'Rotation differs from the plan',
  rationale:
    "The approved plan fixed each key's rotation period (DESIGN.md §4.4); a different live setting means the " +
    'key is either rotating less often than the security team signed off, or the plan no longer describes it.',
  compare(live, planned) {
    const facts = live.facts;
    if (!isCustomerManaged(facts) || isPendingDeletion(facts)) return [];
    const want = planned.rotation;
    if (want.automatic && !canRotateAutomatically(facts)) {
      if (facts.state !== 'Enabled' && facts.state !== 'Disabled') return [];
      return [
        {
          severity: 'warning',
          message: `the plan expects automatic rotation every ${want.periodDays ?? 365} days, but the live key (${facts.spec}, origin ${facts.origin}) cannot rotate automatically`,
        },
      ];
    }
    if (live.rotation === null) return [];
    if (want.automatic && !live.rotation.enabled) {
      return [
        {
          severity: 'error',
          message: `automatic rotation is off; the plan rotates every ${want.periodDays ?? 365} days`,
        },
      ];
    }
    if (want.automatic && want.periodDays !== null && live.rotation.periodDays !== want.periodDays) {
      return [
        {
          severity: 'warning',
          message: `rotates every ${live.rotation.periodDays ?? 'unknown'} days; the plan says every ${want.periodDays} days`,
        },
      ];
    }
    if (!want.automatic && live.rotation.enabled) {
      return [{ severity: 'info', message: 'automatic rotation is on; the plan has none for this key' }];
    }
    return [];
  },
  remediation(live, planned, { region }) {
    const days = planned.rotation.periodDays ?? 365;
    if (!planned.rotation.automatic) {
      return {
        cli: `# the plan has no automatic rotation for this key; if that is still right:\naws kms disable-key-rotation ${cliKey(live, region)}`,
        terraform: [
          tfImportNote(live),
          `resource "aws_kms_key" "${tfName(live)}" {`,
          '  enable_key_rotation = false',
          '}',
        ].join('\n'),
      };
    }
    return {
      cli: `aws kms enable-key-rotation ${cliKey(live, region)} --rotation-period-in-days ${days}`,
      terraform: [
        tfImportNote(live),
        `resource "aws_kms_key" "${tfName(live)}" {`,
        '  enable_key_rotation     = true',
        `  rotation_period_in_days = ${days}`,
        '}',
      ].join('\n'),
    };
  },
};
