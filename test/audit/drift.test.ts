import { describe, expect, it } from 'vitest';
import { compareWithPlan } from '../../src/audit/drift/index.js';
import { matchStatements } from '../../src/audit/drift/principals.js';
import type { DriftContext } from '../../src/audit/drift/types.js';
import type { KeyRecord } from '../../src/audit/model/inventory.js';
import { parsePolicyDocument } from '../../src/audit/policy/document.js';
import { parseProfile, recommend } from '../../src/core/index.js';
import type { PlannedKey } from '../../src/core/plan/schema.js';
import {
  ACCOUNT,
  adminStatement,
  inventory,
  key,
  plan,
  plannedKey,
  policyText,
  REGION,
  role,
  rootStatement,
  type Statement,
  userStatement,
} from './fixtures.js';

const CONTEXT: DriftContext = { region: REGION, account: ACCOUNT };

function drift(keys: KeyRecord[], planned: PlannedKey[] = [plannedKey()], context = CONTEXT) {
  return compareWithPlan(inventory(keys), plan(planned), context);
}

function ids(keys: KeyRecord[], planned?: PlannedKey[]) {
  return drift(keys, planned).findings.map((finding) => [finding.checkId, finding.severity]);
}

describe('drift: presence', () => {
  it('finds nothing when the live key matches its planned key', () => {
    const result = drift([key()]);
    expect(result.findings).toEqual([]);
    expect(result.matches.get('1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('orders-prod-confidential');
  });

  it('reports a planned key that is missing, by its alias', () => {
    const findings = drift([]).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      checkId: 'drift-missing-key',
      severity: 'error',
      keyId: null,
      alias: 'alias/orders/prod/confidential',
    });
    expect(findings[0]?.message).toContain(`${ACCOUNT}/${REGION}`);
    expect(findings[0]?.remediation.cli).toContain('aws kms create-key');
  });

  it.each([
    ['an AWS managed entry', plannedKey({ type: 'aws-managed', alias: 'alias/aws/s3' })],
    ['an AWS owned entry', plannedKey({ type: 'aws-owned', alias: null })],
    ['a key in another region', plannedKey({ region: 'eu-west-1' })],
    ['a key in another account', plannedKey({ account: '444455556666' })],
  ])('does not expect %s to exist', (_name, planned) => {
    expect(drift([], [planned]).findings).toEqual([]);
  });

  it('expects imported-material keys too', () => {
    expect(ids([], [plannedKey({ type: 'customer-managed-imported' })])).toEqual([['drift-missing-key', 'error']]);
  });

  it('matches plan aliases written without the alias/ prefix', () => {
    expect(drift([key()], [plannedKey({ alias: 'orders/prod/confidential' })]).findings).toEqual([]);
  });

  it('reports a customer managed key no plan explains, but not AWS managed or deleted keys', () => {
    const stray = key({ keyId: 'stray', aliases: ['alias/tmp/test'] });
    const awsManaged = key({ keyId: 'aws', aliases: ['alias/aws/s3'], facts: { manager: 'AWS' } });
    const leaving = key({ keyId: 'old', aliases: [], facts: { state: 'PendingDeletion' } });
    const findings = drift([key(), stray, awsManaged, leaving]).findings;
    expect(findings.map((f) => [f.checkId, f.keyId, f.severity])).toEqual([
      ['drift-unexplained-key', 'stray', 'warning'],
    ]);
  });

  it('skips drift (with a note) when aliases could not be listed', () => {
    const result = compareWithPlan(inventory([], false), plan([plannedKey()]), CONTEXT);
    expect(result.findings).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/skipped/);
  });

  it('matches on region only, and says so, when the account is unknown', () => {
    const result = drift([key()], [plannedKey({ account: '444455556666' })], { region: REGION, account: null });
    expect(result.findings).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/account id is unknown/);
  });
});

describe('drift: rotation', () => {
  it.each([
    [
      'rotation off',
      key({ rotation: { enabled: false, periodDays: null, nextRotationDate: null } }),
      plannedKey(),
      'error',
    ],
    [
      'another period',
      key({ rotation: { enabled: true, periodDays: 730, nextRotationDate: null } }),
      plannedKey(),
      'warning',
    ],
    [
      'rotation on where the plan has none',
      key(),
      plannedKey({ rotation: { automatic: false, periodDays: null, note: 'on demand' } }),
      'info',
    ],
    [
      'a key that cannot rotate where the plan rotates',
      key({ rotation: null, facts: { origin: 'EXTERNAL' } }),
      plannedKey(),
      'warning',
    ],
  ])('%s', (_name, live, planned, severity) => {
    expect(ids([live], [planned])).toEqual([['drift-rotation', severity]]);
  });

  it('is quiet when the rotation status could not be read', () => {
    expect(ids([key({ rotation: null })])).toEqual([]);
  });

  it('names the planned period in the message and the fix', () => {
    const [finding] = drift(
      [key({ rotation: { enabled: true, periodDays: 730, nextRotationDate: null } })],
      [plannedKey({ rotation: { automatic: true, periodDays: 180, note: 'PCI' } })],
    ).findings;
    expect(finding?.message).toContain('every 730 days; the plan says every 180 days');
    expect(finding?.remediation.cli).toContain('--rotation-period-in-days 180');
  });
});

describe('drift: kms:ViaService', () => {
  const withVia = (via: string[]) =>
    key({ statements: [rootStatement, adminStatement(), userStatement(undefined, via)] });

  it.each([
    [
      'a service not in the plan',
      [`s3.${REGION}.amazonaws.com`, `ec2.${REGION}.amazonaws.com`],
      [['drift-via-service', 'error']],
    ],
    ['a planned service missing', [], [['drift-via-service', 'error']]],
    ['the same set, other order and case', [`S3.${REGION}.amazonaws.com`], []],
  ])('%s', (_name, via, expected) => {
    expect(ids([withVia(via)])).toEqual(expected);
  });

  it('tells a narrower set (warning) from a wider one (error)', () => {
    const planned = plannedKey({
      policy: {
        Version: '2012-10-17',
        Statement: [
          rootStatement,
          adminStatement(),
          userStatement(undefined, [`s3.${REGION}.amazonaws.com`, `rds.${REGION}.amazonaws.com`]),
        ] as never,
      },
    });
    const findings = drift([withVia([`s3.${REGION}.amazonaws.com`])], [planned]).findings;
    expect(findings.map((f) => [f.checkId, f.severity])).toEqual([['drift-via-service', 'warning']]);
    expect(findings[0]?.message).toContain(`lacks rds.${REGION}.amazonaws.com`);
  });

  it('is skipped when the live policy could not be read', () => {
    expect(ids([key({ statements: null })])).toEqual([]);
  });
});

describe('drift: administrators and users', () => {
  const live = (...statements: Statement[]) => key({ statements });

  it('reports an administrator not in the plan (error) and a planned user missing (warning)', () => {
    const findings = drift([
      live(rootStatement, adminStatement([role('KeyAdmins'), role('Intern')]), userStatement([role('other-app')])),
    ]).findings;
    expect(findings.map((f) => [f.checkId, f.severity, f.message])).toEqual([
      [
        'drift-principals',
        'error',
        `alias/orders/prod/confidential: administrators (statement "KeyAdministrators"): ${role('Intern')} not in the plan`,
      ],
      [
        'drift-principals',
        'error',
        `alias/orders/prod/confidential: users (statement "KeyUsers"): ${role('other-app')} not in the plan`,
      ],
      [
        'drift-principals',
        'warning',
        `alias/orders/prod/confidential: users (statement "KeyUsers"): planned ${role('orders-app')} missing`,
      ],
    ]);
  });

  it('matches a statement by its actions when its Sid was changed', () => {
    const renamed = { ...adminStatement([role('Intern')]), Sid: 'Admins2' };
    const findings = drift([live(rootStatement, renamed, userStatement())]).findings;
    expect(findings.map((f) => f.message)).toEqual([
      `alias/orders/prod/confidential: administrators (statement "KeyAdministrators"): ${role('Intern')} not in the plan`,
      `alias/orders/prod/confidential: administrators (statement "KeyAdministrators"): planned ${role('KeyAdmins')} missing`,
    ]);
  });

  it('reports a live statement the plan does not have, and a planned one that is gone', () => {
    const extra = {
      Sid: 'Backdoor',
      Effect: 'Allow',
      Principal: { AWS: role('Ops') },
      Action: 'kms:Decrypt',
      Resource: '*',
    };
    expect(ids([live(rootStatement, adminStatement(), userStatement(), extra)])).toEqual([
      ['drift-principals', 'error'],
    ]);
    expect(ids([live(rootStatement, userStatement())])).toEqual([['drift-principals', 'warning']]);
  });

  it('does not see drift in spelling: bare account id, string vs list', () => {
    const spelled = { ...rootStatement, Principal: { AWS: ACCOUNT } };
    const admin = { ...adminStatement(), Principal: { AWS: role('KeyAdmins') } };
    expect(ids([live(spelled, admin, userStatement())])).toEqual([]);
  });

  it('pairs statements one to one', () => {
    const document = (statements: Statement[]) => parsePolicyDocument(policyText(statements))?.statements ?? [];
    const result = matchStatements(
      document([adminStatement(), { ...adminStatement(), Sid: 'Twin' }]),
      document([adminStatement()]),
    );
    expect(result.pairs).toHaveLength(1);
    expect(result.unmatchedPlanned.map((s) => s.sid)).toEqual(['Twin']);
    expect(result.unmatchedLive).toEqual([]);
  });
});

describe('drift against a plan from recommend()', () => {
  const profile = parseProfile({
    organization: {
      name: 'Acme Retail',
      governance: 'recommend',
      traits: ['central-security-function', 'independent-product-teams'],
      securityTeam: { name: 'cloud-security', keyAdmins: ['SecurityKeyAdmins'] },
    },
    defaults: { region: REGION, rotationDays: 365, deletionWindowDays: 30 },
    applications: [
      {
        name: 'storefront',
        team: 'web',
        keyAdmins: ['KeyAdmins'],
        environments: [{ stage: 'prod', account: ACCOUNT, regions: [REGION] }],
        data: [
          { name: 'catalog', classification: 'internal', services: ['s3'], keyUsers: ['storefront-app'] },
          {
            name: 'customers',
            classification: 'confidential',
            services: ['rds', 'lambda'],
            keyUsers: ['orders-worker'],
          },
        ],
      },
    ],
  });
  const recommended = recommend(profile);
  const kmsKeys = recommended.keys.filter((k) => k.type === 'customer-managed' && k.region === REGION);

  /** The account exactly as the plan describes it: the live policy is the planned policy, as KMS returns it. */
  function mirror(planned: PlannedKey, index: number): KeyRecord {
    const text = JSON.stringify(planned.policy);
    return {
      ...key({ keyId: `k${index}`, aliases: [planned.alias ?? ''], tags: planned.tags }),
      rotation: { enabled: true, periodDays: planned.rotation.periodDays, nextRotationDate: null },
      policy: { text, document: parsePolicyDocument(text) },
    };
  }

  it('finds no drift in an account built from the plan', () => {
    expect(kmsKeys.length).toBeGreaterThan(0);
    const result = compareWithPlan(inventory(kmsKeys.map(mirror)), recommended, CONTEXT);
    expect(result.findings).toEqual([]);
    expect(result.matches.size).toBe(kmsKeys.length);
  });

  it('finds the drift once a user is added by hand', () => {
    const live = kmsKeys.map(mirror);
    const first = live[0] as KeyRecord;
    const document = JSON.parse(first.policy?.text ?? '{}') as { Statement: Statement[] };
    document.Statement.push({
      Sid: 'HandEdit',
      Effect: 'Allow',
      Principal: { AWS: role('Intern') },
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    const text = JSON.stringify(document);
    live[0] = { ...first, policy: { text, document: parsePolicyDocument(text) } };
    const findings = compareWithPlan(inventory(live), recommended, CONTEXT).findings;
    expect(findings.map((f) => [f.checkId, f.severity, f.keyId])).toEqual([['drift-principals', 'error', 'k0']]);
  });
});
