import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isKmsKeyTeamCreates,
  type Plan,
  PlanSchema,
  type Profile,
  parseProfile,
  recommend,
  SERVICE_IDS,
  SERVICES,
  TRAIT_IDS,
  validateProfile,
} from '../../src/core/index.js';
import { CENTRAL_ONLY_ACTIONS, CRYPTOGRAPHIC_ACTION_PATTERN } from '../../src/core/policy/actions.js';
import { actionsOf, principalsOf } from './support.js';

/**
 * Arbitraries for VALID profiles (the generator is checked against validateProfile), small enough that
 * collisions happen often: shared accounts, names that differ only in punctuation, identical user sets.
 */

const NUM_RUNS = 200;

const notReserved = (name: string) => !/^aws[-.]*$/i.test(name);

const nameArb = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('shop', 'crm', 'web.shop', 'web-shop', 'Web_Shop', 'a', 'x', 'lab-results'),
    },
    { weight: 1, arbitrary: fc.constantFrom('A'.repeat(63), `${'b'.repeat(61)}.c`, `${'b'.repeat(61)}-c`) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/) },
  )
  .filter(notReserved);

const uniqueNames = (min: number, max: number) =>
  fc.uniqueArray(nameArb, { minLength: min, maxLength: max, selector: (n) => n.toLowerCase() });

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'cn-north-1', 'us-gov-west-1'];
const USERS = [
  'App',
  'Reader',
  'Writer',
  'KeyAdmins',
  'arn:aws:iam::999988887777:role/Partner',
  'arn:aws:iam::111122223333:user/alice',
];
const ADMINS = ['KeyAdmins', 'DataAdmins', 'arn:aws:iam::999988887777:role/Central'];
const REGULATIONS = ['HIPAA', 'PCI-DSS', 'GDPR'];

const classificationsArb = fc.option(
  fc
    .uniqueArray(fc.constantFrom('public', 'internal', 'confidential', 'restricted', 'phi', 'Card.Data', 'pii_x'), {
      minLength: 1,
      maxLength: 4,
      selector: (n) => n.toLowerCase(),
    })
    .chain((names) =>
      fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), regulations: fc.subarray(REGULATIONS) }))),
    ),
  { nil: undefined },
);

const needsArb = fc.record(
  {
    control: fc.boolean(),
    audit: fc.boolean(),
    byok: fc.boolean(),
    multiRegion: fc.boolean(),
    rotationDays: fc.constantFrom(90, 180, 365, 2560),
  },
  { requiredKeys: [] },
);

function dataSetArb(classifications: readonly string[]) {
  return (name: string) =>
    fc.record(
      {
        name: fc.constant(name),
        classification: fc.constantFrom(...classifications),
        services: fc.uniqueArray(fc.constantFrom(...SERVICE_IDS), { minLength: 1, maxLength: 3 }),
        keyUsers: fc.array(fc.constantFrom(...USERS), { maxLength: 3 }),
        keyAdmins: fc.array(fc.constantFrom(...ADMINS), { minLength: 1, maxLength: 2 }),
        needs: needsArb,
        access: fc.constantFrom('service', 'direct'),
        requestsPerMonth: fc.integer({ min: 0, max: 5_000_000 }),
      },
      { requiredKeys: ['name', 'classification', 'services'] },
    );
}

const environmentArb = (stage: string) =>
  fc.record(
    {
      stage: fc.constant(stage),
      account: fc.constantFrom(...ACCOUNTS),
      regions: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['stage', 'account'] },
  );

function applicationArb(classifications: readonly string[]) {
  return (name: string) =>
    fc.record({
      name: fc.constant(name),
      team: fc.constantFrom('web', 'Data Team #2', 'ops@example.com', 'Équipe (paiements)'),
      keyAdmins: fc.array(fc.constantFrom(...ADMINS), { minLength: 1, maxLength: 2 }),
      environments: fc
        .uniqueArray(fc.constantFrom('dev', 'staging', 'prod', 'qa', 'Prod.EU'), {
          minLength: 1,
          maxLength: 3,
          selector: (s) => s.toLowerCase(),
        })
        .chain((stages) => fc.tuple(...stages.map(environmentArb))),
      data: uniqueNames(1, 5).chain((names) => fc.tuple(...names.map(dataSetArb(classifications)))),
    });
}

const rawProfileArb = classificationsArb.chain((classifications) => {
  const names = classifications?.map((c) => c.name) ?? ['public', 'internal', 'confidential', 'restricted'];
  return fc.record(
    {
      organization: fc.record(
        {
          name: fc.constantFrom('Acme', 'Example Health'),
          governance: fc.constantFrom('recommend', 'centralized', 'decentralized', 'hybrid'),
          traits: fc.subarray(TRAIT_IDS),
          securityTeam: fc.record({
            name: fc.constant('cloud-security'),
            keyAdmins: fc.array(fc.constantFrom('SecurityKeyAdmins', 'KeyAdmins'), { minLength: 1, maxLength: 2 }),
          }),
        },
        { requiredKeys: ['name'] },
      ),
      classifications: fc.constant(classifications),
      defaults: fc.record(
        { region: fc.constantFrom(...REGIONS), rotationDays: fc.constantFrom(90, 365, 730) },
        { requiredKeys: [] },
      ),
      applications: uniqueNames(1, 4).chain((apps) => fc.tuple(...apps.map(applicationArb(names)))),
    },
    { requiredKeys: ['organization', 'classifications', 'applications'] },
  );
});

const profileArb = rawProfileArb.map((raw) => {
  const clean = JSON.parse(JSON.stringify(raw)) as unknown;
  const result = validateProfile(clean);
  if (!result.ok) throw new Error(`generator made an invalid profile: ${JSON.stringify(result.issues)}`);
  return { raw: clean, profile: result.profile };
});

/** Runs a property; it returns the violations it found (empty when the property holds). */
function check(property: (plan: Plan, profile: Profile) => string[]) {
  fc.assert(
    fc.property(profileArb, ({ profile }) => {
      expect(property(recommend(profile), profile)).toEqual([]);
    }),
    { numRuns: NUM_RUNS },
  );
}

const kms = (plan: Plan) => plan.keys.filter(isKmsKeyTeamCreates);

// 200 generated profiles per property take a few seconds; allow for a loaded CI machine.
describe('properties of recommend() over valid profiles', { timeout: 120_000 }, () => {
  it('every data set placement is on exactly one KMS key, or on one AWS provided entry per storing service', () => {
    check((plan, profile) => {
      const violations: string[] = [];
      for (const app of profile.applications) {
        for (const env of app.environments) {
          for (const data of app.data) {
            for (const region of env.regions) {
              const holding = plan.keys.filter(
                (k) =>
                  k.application === app.name &&
                  k.stage === env.stage &&
                  k.account === env.account &&
                  k.region === region &&
                  k.dataSets.includes(data.name),
              );
              const where = `${app.name}/${env.stage}/${data.name}@${region}`;
              const kmsHolding = holding.filter(isKmsKeyTeamCreates);
              if (kmsHolding.length > 0) {
                if (holding.length !== 1)
                  violations.push(`${where} is in ${holding.length} entries, a KMS key among them`);
                continue;
              }
              const services = holding.flatMap((k) => k.services);
              if (holding.length === 0 || new Set(services).size !== services.length) {
                violations.push(`${where}: AWS provided entries ${services.join(', ') || 'none'}`);
              }
            }
          }
        }
      }
      return violations;
    });
  });

  it('no AWS managed or AWS owned entry spans two services, and each AWS managed entry has its service’s alias', () => {
    check((plan) =>
      plan.keys
        .filter((k) => !isKmsKeyTeamCreates(k))
        .flatMap((k) => {
          if (k.services.length !== 1) return [`${k.id}: ${k.services.join(', ')}`];
          const alias = SERVICES.get(k.services[0] as string)?.awsManagedAlias;
          return k.type === 'aws-managed' && k.alias !== `alias/${alias}` ? [`${k.id}: alias ${k.alias}`] : [];
        }),
    );
  });

  it('no multi-Region key without a replica', () => {
    check((plan) => {
      const replicated = new Set(plan.keys.flatMap((k) => (k.replicaOf === undefined ? [] : [k.replicaOf])));
      return plan.keys
        .filter((k) => k.multiRegion && k.replicaOf === undefined && !replicated.has(k.id))
        .map((k) => `${k.id}: multi-Region primary without a replica`);
    });
  });

  it('no key spans two applications, stages, accounts, regions or classifications', () => {
    check((plan, profile) => {
      const violations: string[] = [];
      for (const key of plan.keys) {
        const app = profile.applications.find((a) => a.name === key.application);
        const env = app?.environments.find((e) => e.stage === key.stage);
        if (!env || env.account !== key.account || !env.regions.includes(key.region)) {
          violations.push(`${key.id}: no environment ${key.application}/${key.stage} in ${key.account} ${key.region}`);
        }
        if (new Set(key.dataSets).size !== key.dataSets.length) violations.push(`${key.id}: repeated data sets`);
        for (const name of key.dataSets) {
          const data = app?.data.find((d) => d.name === name);
          if (data?.classification !== key.classification) {
            violations.push(
              `${key.id} (${key.classification}) holds ${name} (${data?.classification ?? 'not in the app'})`,
            );
          }
        }
        if (isKmsKeyTeamCreates(key) !== (key.policy !== null)) violations.push(`${key.id}: policy iff KMS key`);
      }
      return violations;
    });
  });

  it('multi-Region keys appear once per region: the primary in the first region, replicas pointing to it', () => {
    check((plan, profile) => {
      const violations: string[] = [];
      const byId = new Map(plan.keys.map((k) => [k.id, k]));
      if (byId.size !== plan.keys.length) violations.push('key ids are not unique');
      for (const key of plan.keys) {
        const env = profile.applications
          .find((a) => a.name === key.application)
          ?.environments.find((e) => e.stage === key.stage);
        if (key.replicaOf === undefined) {
          if (key.multiRegion && (env?.regions.length ?? 0) > 1 && key.region !== env?.regions[0]) {
            violations.push(`${key.id}: a multi-Region primary outside the first region`);
          }
          continue;
        }
        const primary = byId.get(key.replicaOf);
        const ok =
          primary !== undefined &&
          primary.replicaOf === undefined &&
          key.multiRegion &&
          isKmsKeyTeamCreates(key) &&
          primary.region === env?.regions[0] &&
          key.region !== primary.region &&
          JSON.stringify(key.dataSets) === JSON.stringify(primary.dataSets) &&
          key.alias === primary.alias &&
          key.monthlyCostUsd > 0;
        if (!ok) violations.push(`${key.id}: not a proper replica of ${key.replicaOf}`);
      }
      return violations;
    });
  });

  it('never names the wildcard principal', () => {
    check((plan) => {
      const violations: string[] = [];
      for (const key of plan.keys) {
        for (const s of key.policy?.Statement ?? []) {
          if (principalsOf(s).some((p) => p.includes('*'))) violations.push(`${key.id} ${s.Sid}: wildcard principal`);
        }
      }
      if (/"(AWS|Service|Principal)":\s*"\*"/.test(JSON.stringify(plan))) violations.push('"*" principal in the JSON');
      return violations;
    });
  });

  it('administrator statements hold no cryptographic action, no CreateGrant and no wildcard', () => {
    check((plan) => {
      const violations: string[] = [];
      for (const key of kms(plan)) {
        const statements = key.policy?.Statement ?? [];
        if (statements[0]?.Sid !== 'EnableRootAccountAndIAMPolicies') violations.push(`${key.id}: root first`);
        for (const s of statements.slice(1)) {
          const actions = actionsOf(s);
          if (s.Sid === 'AllowKeyAdministration' || s.Sid === 'AllowCentralSecurityPolicyAndDeletion') {
            for (const action of actions) {
              if (CRYPTOGRAPHIC_ACTION_PATTERN.test(action) || action.includes('*') || action === 'kms:CreateGrant') {
                violations.push(`${key.id} ${s.Sid}: ${action}`);
              }
            }
          }
          if (actions.includes('kms:CreateGrant') && s.Condition?.Bool?.['kms:GrantIsForAWSResource'] !== 'true') {
            violations.push(`${key.id} ${s.Sid}: CreateGrant not limited to AWS resources`);
          }
        }
        if (statements.some((s) => s.Sid === 'AllowCentralSecurityPolicyAndDeletion')) {
          if (plan.governance.model !== 'hybrid') violations.push(`${key.id}: security statement outside hybrid`);
          const team = actionsOf(statements.find((s) => s.Sid === 'AllowKeyAdministration'));
          for (const action of CENTRAL_ONLY_ACTIONS) {
            if (team.includes(action)) violations.push(`${key.id}: team holds ${action} under hybrid`);
          }
        }
      }
      return violations;
    });
  });

  it('aliases are legal and unique per account and region', () => {
    check((plan) => {
      const violations: string[] = [];
      const seen = new Set<string>();
      for (const key of kms(plan)) {
        const alias = key.alias ?? '';
        if (!/^alias\/[a-z0-9/_-]+$/.test(alias) || alias.length > 256 || alias.startsWith('alias/aws/')) {
          violations.push(`${key.id}: illegal alias ${alias}`);
        }
        const slot = `${key.account}|${key.region}|${alias}`;
        if (seen.has(slot)) violations.push(`${key.id}: alias ${alias} used twice in ${key.account} ${key.region}`);
        seen.add(slot);
      }
      for (const key of plan.keys) {
        if (key.type === 'aws-managed' && !/^alias\/aws\/[a-z0-9_-]+$/.test(key.alias ?? '')) {
          violations.push(`${key.id}: AWS managed alias ${key.alias}`);
        }
        if (key.type === 'aws-owned' && key.alias !== null) violations.push(`${key.id}: AWS owned key with an alias`);
      }
      return violations;
    });
  });

  it('tag values are legal', () => {
    const TAG_KEYS = ['Application', 'Classification', 'DataSets', 'ManagedBy', 'Owner', 'Stage'];
    const WITH_REGULATION = ['Application', 'Classification', 'DataSets', 'ManagedBy', 'Owner', 'Regulation', 'Stage'];
    check((plan) => {
      const violations: string[] = [];
      for (const key of plan.keys) {
        const keys = Object.keys(key.tags).sort();
        const regulated = key.classification !== undefined && keys.includes('Regulation');
        const expected = isKmsKeyTeamCreates(key) ? (regulated ? WITH_REGULATION : TAG_KEYS) : [];
        if (JSON.stringify(keys) !== JSON.stringify(expected)) violations.push(`${key.id}: tag keys ${keys.join()}`);
        for (const value of Object.values(key.tags)) {
          if (!/^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u.test(value) || value.length > 256) {
            violations.push(`${key.id}: tag value ${JSON.stringify(value)}`);
          }
        }
        // DataSets: the whole list, or whole names from its start and how many more
        const listed = key.tags.DataSets;
        if (listed !== undefined && listed !== key.dataSets.join(' ')) {
          const match = /^(.*) \+(\d+) more$/.exec(listed);
          const kept = match?.[1]?.split(' ') ?? [];
          if (
            !match ||
            JSON.stringify(kept) !== JSON.stringify(key.dataSets.slice(0, kept.length)) ||
            kept.length + Number(match[2]) !== key.dataSets.length
          ) {
            violations.push(
              `${key.id}: DataSets tag ${JSON.stringify(listed)} does not list ${key.dataSets.join(' ')}`,
            );
          }
        }
      }
      return violations;
    });
  });

  it('fewest ≤ recommended ≤ finest, and recommended counts the keys the team creates', () => {
    check((plan) => {
      const violations: string[] = [];
      const { recommended, fewest, finest } = plan.counts;
      if (!(fewest <= recommended && recommended <= finest))
        violations.push(`counts ${fewest} ≤ ${recommended} ≤ ${finest}`);
      if (recommended !== kms(plan).length) violations.push(`recommended ${recommended} ≠ ${kms(plan).length} keys`);
      const fees = plan.keys.reduce((sum, k) => sum + k.monthlyCostUsd, 0);
      if (plan.cost.monthlyUsd < fees - 0.005) violations.push(`monthly $${plan.cost.monthlyUsd} < key fees $${fees}`);
      for (const key of plan.keys) {
        if (key.monthlyCostUsd !== (isKmsKeyTeamCreates(key) ? 1 : 0)) violations.push(`${key.id}: first-month fee`);
      }
      return violations;
    });
  });

  it('is deterministic: two runs give byte-identical JSON', () => {
    fc.assert(
      fc.property(profileArb, ({ raw, profile }) => {
        const again = parseProfile(JSON.parse(JSON.stringify(raw)));
        expect(JSON.stringify(recommend(again))).toBe(JSON.stringify(recommend(profile)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the plan parses with PlanSchema', () => {
    check((plan) => {
      const parsed = PlanSchema.safeParse(plan);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    });
  });
});
