import fc from 'fast-check';
import { PUBLISHER_IDS } from '../../src/core/aws/integrations.js';
import { SERVICE_IDS, slugOf, TRAIT_IDS, validateProfile } from '../../src/core/index.js';

/**
 * Arbitraries for VALID profiles (the generator is checked against validateProfile), small enough that
 * collisions happen often: shared accounts, names that differ only in punctuation, identical user sets.
 */

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
  fc.uniqueArray(nameArb, { minLength: min, maxLength: max, selector: (n) => slugOf(n) });

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
      selector: (n) => slugOf(n),
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
    fc
      .record(
        {
          name: fc.constant(name),
          classification: fc.constantFrom(...classifications),
          services: fc.uniqueArray(fc.constantFrom(...SERVICE_IDS), { minLength: 1, maxLength: 3 }),
          keyUsers: fc.array(fc.constantFrom(...USERS), { maxLength: 3 }),
          keyAdmins: fc.array(fc.constantFrom(...ADMINS), { minLength: 1, maxLength: 2 }),
          needs: needsArb,
          access: fc.constantFrom('service', 'direct'),
          requestsPerMonth: fc.integer({ min: 0, max: 5_000_000 }),
          publishers: fc.subarray([...PUBLISHER_IDS], { minLength: 1 }),
          cloudFrontDistributions: fc.uniqueArray(fc.constantFrom('E2QWRUHAPOMQZL', 'EDFDVBD6EXAMPLE'), {
            minLength: 1,
          }),
          autoScaling: fc.boolean(),
        },
        { requiredKeys: ['name', 'classification', 'services'] },
      )
      .map((data) => {
        // The integration fields are valid only with their service: drop them where it is missing.
        const { publishers, cloudFrontDistributions, autoScaling, ...rest } = data;
        const has = (...ids: string[]) => ids.some((id) => data.services.includes(id));
        return {
          ...rest,
          ...(publishers && has('sns', 'sqs') ? { publishers } : {}),
          ...(cloudFrontDistributions && has('s3') ? { cloudFrontDistributions } : {}),
          ...(autoScaling !== undefined && has('ebs') ? { autoScaling } : {}),
        };
      });
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
          selector: (s) => slugOf(s),
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
          consolidatedBilling: fc.boolean(),
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

export const profileArb = rawProfileArb.map((raw) => {
  const clean = JSON.parse(JSON.stringify(raw)) as unknown;
  const result = validateProfile(clean);
  if (!result.ok) throw new Error(`generator made an invalid profile: ${JSON.stringify(result.issues)}`);
  return { raw: clean, profile: result.profile };
});
