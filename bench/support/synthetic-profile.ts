import type { ProfileInput } from '../../src/core/index.js';

const SERVICE_SETS = [['s3'], ['rds', 'lambda'], ['dynamodb', 'lambda', 's3'], ['sqs', 'sns'], ['ebs'], ['aurora']];
const CLASSES = ['public', 'internal', 'confidential', 'restricted'];
const STAGES = ['dev', 'staging', 'prod'];

/** A large, valid profile: `applications` × 3 stages × `dataSets` data sets, with varied needs. */
export function syntheticProfile(applications: number, dataSets = 4): ProfileInput {
  return {
    organization: { name: `Synthetic ${applications}`, traits: ['autonomous-business-units'] },
    classifications: CLASSES.map((name) => ({ name, regulations: name === 'restricted' ? ['PCI-DSS'] : [] })),
    applications: Array.from({ length: applications }, (_, a) => ({
      name: `app-${a}`,
      team: `team-${a % 50}`,
      keyAdmins: [`App${a}KeyAdmins`],
      environments: STAGES.map((stage, s) => ({
        stage,
        account: String(100_000_000_000 + a * 3 + s).padStart(12, '0'),
        regions: ['us-east-1'],
      })),
      data: Array.from({ length: dataSets }, (_, d) => ({
        name: `data-${d}`,
        classification: CLASSES[(a + d) % CLASSES.length] as string,
        services: SERVICE_SETS[(a * 7 + d) % SERVICE_SETS.length] as string[],
        keyUsers: [`app-${a}-role-${d % 2}`],
        requestsPerMonth: 10_000 * (d + 1),
      })),
    })),
  };
}
