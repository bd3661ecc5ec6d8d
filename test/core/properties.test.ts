import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINDING_CODES,
  isKmsKeyTeamCreates,
  type Plan,
  PlanSchema,
  type Profile,
  parseProfile,
  recommend,
  SERVICES,
} from '../../src/core/index.js';
import { CENTRAL_ONLY_ACTIONS, CRYPTOGRAPHIC_ACTION_PATTERN } from '../../src/core/policy/actions.js';
import { profileArb } from './profile-arbitrary.js';
import { actionsOf, principalsOf } from './support.js';

const NUM_RUNS = 200;

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

  it('a review of an unchanged profile keeps every key, its alias, users and policy', () => {
    check((plan, profile) => {
      const again = recommend(profile, { previous: plan });
      const shape = (p: Plan) => p.keys.map((k) => JSON.stringify([k.id, k.alias, k.dataSets, k.users, k.policy]));
      const violations = shape(again)
        .filter((entry, i) => entry !== shape(plan)[i])
        .map((entry) => `changed: ${entry.slice(0, 120)}`);
      if (again.keys.length !== plan.keys.length)
        violations.push(`${plan.keys.length} keys became ${again.keys.length}`);
      if (again.findings.some((f) => f.code === 'reader-added-to-existing-key'))
        violations.push('a reader was "added"');
      return violations;
    });
  });

  it('uses only the finding codes the plan contract lists', () => {
    check((plan) => plan.findings.filter((f) => !Object.hasOwn(FINDING_CODES, f.code)).map((f) => f.code));
  });

  it('the plan parses with PlanSchema', () => {
    check((plan) => {
      const parsed = PlanSchema.safeParse(plan);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    });
  });
});
