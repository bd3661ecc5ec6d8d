import { describe, expect, it } from 'vitest';
import { disabledKey } from '../../src/audit/checks/disabled-key.js';
import { importedMaterialExpiry } from '../../src/audit/checks/imported-material-expiry.js';
import { ALL_CHECKS } from '../../src/audit/checks/index.js';
import { keyNotReadable } from '../../src/audit/checks/key-not-readable.js';
import { kmsStarNonRoot } from '../../src/audit/checks/kms-star-non-root.js';
import { missingAlias } from '../../src/audit/checks/missing-alias.js';
import { missingOwnershipTagsCheck } from '../../src/audit/checks/missing-ownership-tags.js';
import { pendingDeletion } from '../../src/audit/checks/pending-deletion.js';
import { publicKeyPolicy } from '../../src/audit/checks/public-key-policy.js';
import { rotationDisabled } from '../../src/audit/checks/rotation-disabled.js';
import { runChecks } from '../../src/audit/checks/run.js';
import { separationOfDuties } from '../../src/audit/checks/separation-of-duties.js';
import type { KeyCheck } from '../../src/audit/checks/types.js';
import type { KeyRecord } from '../../src/audit/model/inventory.js';
import {
  ACCOUNT,
  adminStatement,
  CONTEXT,
  inventory,
  key,
  NOW,
  ROOT,
  role,
  rootStatement,
  type Statement,
  userStatement,
} from './fixtures.js';

type Case = [name: string, key: KeyRecord, fires: number];

function table(check: KeyCheck, cases: Case[], context = CONTEXT) {
  describe(check.id, () => {
    it.each(cases)('%s', (_name, subject, fires) => {
      const hits = check.evaluate(subject, context);
      expect(hits).toHaveLength(fires);
      for (const hit of hits) expect(hit.message).not.toBe('');
    });
  });
}

const off = { enabled: false, periodDays: null, nextRotationDate: null };
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString();
const publicStatement = (extra: Statement = {}): Statement => ({
  Sid: 'Everyone',
  Effect: 'Allow',
  Principal: '*',
  Action: ['kms:Decrypt'],
  Resource: '*',
  ...extra,
});

table(rotationDisabled, [
  ['fires: symmetric customer key with rotation off', key({ rotation: off }), 1],
  ['fires: disabled key with rotation off', key({ rotation: off, facts: { state: 'Disabled' } }), 1],
  ['fires: multi-Region replica', key({ rotation: off, facts: { multiRegion: true, multiRegionRole: 'REPLICA' } }), 1],
  ['passes: rotation on', key(), 0],
  ['skips: AWS managed key (rotates on its own)', key({ rotation: off, facts: { manager: 'AWS' } }), 0],
  ['skips: asymmetric key', key({ rotation: off, facts: { spec: 'RSA_2048', usage: 'SIGN_VERIFY' } }), 0],
  ['skips: HMAC key', key({ rotation: off, facts: { spec: 'HMAC_256', usage: 'GENERATE_VERIFY_MAC' } }), 0],
  ['skips: imported key material', key({ rotation: off, facts: { origin: 'EXTERNAL' } }), 0],
  ['skips: custom key store', key({ rotation: off, facts: { origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1' } }), 0],
  ['skips: pending deletion', key({ rotation: off, facts: { state: 'PendingDeletion' } }), 0],
  ['skips: rotation status not read', key({ rotation: null }), 0],
]);

table(pendingDeletion, [
  ['fires: pending deletion', key({ facts: { state: 'PendingDeletion', deletionDate: days(5) } }), 1],
  ['fires: replica pending deletion', key({ facts: { state: 'PendingReplicaDeletion' } }), 1],
  ['passes: enabled', key(), 0],
  ['passes: disabled', key({ facts: { state: 'Disabled' } }), 0],
  ['skips: AWS managed', key({ facts: { manager: 'AWS', state: 'PendingDeletion' } }), 0],
  ['skips: not described', key({ facts: null }), 0],
]);

table(disabledKey, [
  ['fires: disabled customer key', key({ facts: { state: 'Disabled' } }), 1],
  ['passes: enabled', key(), 0],
  ['passes: pending deletion (its own check)', key({ facts: { state: 'PendingDeletion' } }), 0],
  ['skips: AWS managed', key({ facts: { manager: 'AWS', state: 'Disabled' } }), 0],
]);

table(publicKeyPolicy, [
  ['fires: Principal "*"', key({ statements: [rootStatement, publicStatement()] }), 1],
  ['fires: {"AWS":"*"}', key({ statements: [rootStatement, publicStatement({ Principal: { AWS: '*' } })] }), 1],
  ['fires: {"AWS":["*"]}', key({ statements: [publicStatement({ Principal: { AWS: ['*'] } })] }), 1],
  [
    'fires: only a non-pinning condition (ViaService)',
    key({
      statements: [
        publicStatement({ Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
      ],
    }),
    1,
  ],
  [
    'fires: CallerAccount with a wildcard value',
    key({ statements: [publicStatement({ Condition: { StringLike: { 'kms:CallerAccount': '*' } } })] }),
    1,
  ],
  [
    'fires: IfExists operator (absent key passes)',
    key({
      statements: [publicStatement({ Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT } } })],
    }),
    1,
  ],
  [
    'fires: negated operator',
    key({
      statements: [publicStatement({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })],
    }),
    1,
  ],
  [
    'fires: NotPrincipal allow',
    key({ statements: [{ ...publicStatement(), Principal: undefined, NotPrincipal: { AWS: ROOT } }] }),
    1,
  ],
  [
    'passes: kms:CallerAccount fixed',
    key({ statements: [publicStatement({ Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } })] }),
    0,
  ],
  [
    'passes: aws:PrincipalAccount fixed (list)',
    key({
      statements: [
        publicStatement({ Condition: { StringEquals: { 'aws:PrincipalAccount': [ACCOUNT, '444455556666'] } } }),
      ],
    }),
    0,
  ],
  [
    'passes: aws:PrincipalOrgID fixed, operator in any case',
    key({ statements: [publicStatement({ Condition: { stringequals: { 'aws:PrincipalOrgId': 'o-a1b2c3d4e5' } } })] }),
    0,
  ],
  ['passes: Deny for everyone', key({ statements: [rootStatement, publicStatement({ Effect: 'Deny' })] }), 0],
  ['passes: named principals only', key(), 0],
  ['skips: AWS managed key', key({ facts: { manager: 'AWS' }, statements: [publicStatement()] }), 0],
  ['skips: policy not read', key({ statements: null }), 0],
]);

table(separationOfDuties, [
  [
    'fires: one role in both admin and user statements',
    key({ statements: [rootStatement, adminStatement([role('Ops')]), userStatement([role('Ops')])] }),
    1,
  ],
  [
    'fires: one statement with Put* and Decrypt',
    key({
      statements: [
        rootStatement,
        {
          Sid: 'Mixed',
          Effect: 'Allow',
          Principal: { AWS: role('Ops') },
          Action: ['kms:PutKeyPolicy', 'kms:Decrypt'],
          Resource: '*',
        },
      ],
    }),
    1,
  ],
  ['passes: separate administrators and users', key(), 0],
  ['passes: root holds kms:* (the lockout guard)', key({ statements: [rootStatement] }), 0],
  [
    'passes: user with DescribeKey and grants only',
    key({
      statements: [
        rootStatement,
        {
          Sid: 'Grants',
          Effect: 'Allow',
          Principal: { AWS: role('orders-app') },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:DescribeKey', 'kms:Decrypt'],
          Resource: '*',
        },
      ],
    }),
    0,
  ],
  [
    'leaves kms:* to its own check',
    key({
      statements: [
        rootStatement,
        { Sid: 'All', Effect: 'Allow', Principal: { AWS: role('Ops') }, Action: 'kms:*', Resource: '*' },
      ],
    }),
    0,
  ],
  [
    'skips: AWS managed key',
    key({ facts: { manager: 'AWS' }, statements: [adminStatement([role('Ops')]), userStatement([role('Ops')])] }),
    0,
  ],
]);

table(kmsStarNonRoot, [
  [
    'fires: kms:* for a role',
    key({ statements: [rootStatement, { ...rootStatement, Sid: 'Ops', Principal: { AWS: role('Ops') } }] }),
    1,
  ],
  [
    'fires: "*" action for a role',
    key({ statements: [{ ...rootStatement, Principal: { AWS: role('Ops') }, Action: '*' }] }),
    1,
  ],
  [
    'fires: KMS:* in upper case',
    key({ statements: [{ ...rootStatement, Principal: { AWS: role('Ops') }, Action: 'KMS:*' }] }),
    1,
  ],
  [
    'fires: another account root',
    key({
      statements: [
        rootStatement,
        { ...rootStatement, Sid: 'Other', Principal: { AWS: 'arn:aws:iam::444455556666:root' } },
      ],
    }),
    1,
  ],
  ['passes: only the account root', key({ statements: [rootStatement] }), 0],
  [
    'passes: bare account id of the key account',
    key({ statements: [{ ...rootStatement, Principal: { AWS: ACCOUNT } }] }),
    0,
  ],
  ['passes: explicit action lists', key(), 0],
  [
    'passes: NotAction kms:*',
    key({ statements: [{ ...rootStatement, Principal: { AWS: role('Ops') }, Action: undefined, NotAction: 'kms:*' }] }),
    0,
  ],
  [
    'skips: AWS managed key',
    key({ facts: { manager: 'AWS' }, statements: [{ ...rootStatement, Principal: { AWS: role('Ops') } }] }),
    0,
  ],
]);

table(missingOwnershipTagsCheck, [
  ['fires: no tags', key({ tags: {} }), 1],
  ['fires: Owner missing', key({ tags: { Application: 'orders', Classification: 'internal' } }), 1],
  ['fires: empty Owner value', key({ tags: { Application: 'orders', Classification: 'internal', Owner: ' ' } }), 1],
  ['passes: all three', key(), 0],
  ['passes: keys in another case', key({ tags: { application: 'orders', CLASSIFICATION: 'internal', owner: 'x' } }), 0],
  ['skips: tags not read', key({ tags: null }), 0],
  ['skips: AWS managed key', key({ tags: {}, facts: { manager: 'AWS' } }), 0],
  ['skips: pending deletion', key({ tags: {}, facts: { state: 'PendingDeletion' } }), 0],
]);

table(missingAlias, [
  ['fires: customer key without alias', key({ aliases: [] }), 1],
  ['passes: aliased', key(), 0],
  ['skips: AWS managed key', key({ aliases: [], facts: { manager: 'AWS' } }), 0],
]);

describe('missing-alias when aliases could not be listed', () => {
  it('does not fire: the key only looks alias-less', () => {
    expect(missingAlias.evaluate(key({ aliases: [] }), { ...CONTEXT, aliasesReadable: false })).toEqual([]);
  });
});

const imported = (validTo: string | null, extra: Record<string, unknown> = {}) =>
  key({ rotation: null, facts: { origin: 'EXTERNAL', expirationModel: 'KEY_MATERIAL_EXPIRES', validTo, ...extra } });

table(importedMaterialExpiry, [
  ['fires: expires in 20 days', imported(days(20)), 1],
  ['fires: expires in 3 days', imported(days(3)), 1],
  ['fires: expired (PendingImport)', imported(days(-1), { state: 'PendingImport' }), 1],
  ['passes: expires in 45 days', imported(days(45)), 0],
  [
    'passes: material does not expire',
    key({ facts: { origin: 'EXTERNAL', expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } }),
    0,
  ],
  ['skips: KMS-generated material', key({ facts: { validTo: days(3), expirationModel: 'KEY_MATERIAL_EXPIRES' } }), 0],
  ['skips: pending deletion', imported(days(3), { state: 'PendingDeletion' }), 0],
]);

describe('imported-material-expiry severity', () => {
  it('is a warning at 20 days and an error inside a week or once expired', () => {
    const severity = (subject: KeyRecord) => importedMaterialExpiry.evaluate(subject, CONTEXT)[0]?.severity;
    expect(severity(imported(days(20)))).toBe('warning');
    expect(severity(imported(days(3)))).toBe('error');
    expect(severity(imported(days(-1), { state: 'PendingImport' }))).toBe('error');
  });
});

table(keyNotReadable, [
  [
    'fires: AccessDenied on the policy',
    key({
      statements: null,
      unreadable: [{ operation: 'GetKeyPolicy', code: 'AccessDeniedException', message: 'denied' }],
    }),
    1,
  ],
  ['passes: fully read', key(), 0],
]);

describe('runChecks', () => {
  it('fills key id, alias, severity and remediation for every hit', () => {
    const findings = runChecks(
      inventory([key({ rotation: { enabled: false, periodDays: null, nextRotationDate: null } })]),
      {
        now: NOW,
        region: 'us-east-1',
      },
    );
    expect(findings).toEqual([
      {
        checkId: 'rotation-disabled',
        severity: 'warning',
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        alias: 'alias/orders/prod/confidential',
        message: 'automatic rotation is off on alias/orders/prod/confidential',
        remediation: expect.objectContaining({
          cli: 'aws kms enable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --region us-east-1 --rotation-period-in-days 365',
        }),
      },
    ]);
  });

  it('finds nothing on a healthy key', () => {
    expect(runChecks(inventory([key()]), { now: NOW, region: 'us-east-1' })).toEqual([]);
  });

  it('every check has an id, rationale and both remediation forms', () => {
    const ids = ALL_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of ALL_CHECKS) {
      expect(check.rationale.length).toBeGreaterThan(40);
      const remediation = check.remediation(key(), CONTEXT);
      expect(remediation.cli).toMatch(/^aws (kms|iam) /m);
      expect(remediation.terraform).toMatch(/^(resource|data) "aws_/m);
    }
  });
});
