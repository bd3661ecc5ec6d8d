import { createActor } from 'xstate';
import { type InterviewEvent, interviewMachine } from '../../flows/interview.machine.js';

/** Starts a fresh interview actor and sends the events; returns the actor for inspection. */
export function drive(events: readonly InterviewEvent[]) {
  const actor = createActor(interviewMachine, { input: {} });
  actor.start();
  for (const event of events) actor.send(event);
  return actor;
}

export const submit = (values: Record<string, unknown>, addAnother = false): InterviewEvent =>
  addAnother ? { type: 'SUBMIT', values, addAnother } : { type: 'SUBMIT', values };

/** The seed's Example 1 answered through the interview, as a terminal user would type it. */
export const RETAIL_ANSWERS: InterviewEvent[] = [
  submit({
    name: 'Acme Retail',
    governance: 'recommend',
    traits: 'central-security-function, independent-product-teams',
    securityTeam: 'cloud-security',
    securityKeyAdmins: 'SecurityKeyAdmins',
  }),
  submit({ levels: 'public, confidential (PCI-DSS)' }),
  submit({ name: 'storefront', team: 'web', keyAdmins: 'KeyAdmins' }),
  submit({ stage: 'prod', account: '111122223333', regions: 'us-east-1' }),
  submit({ name: 'product-catalog', classification: 'public', services: 's3', keyUsers: 'storefront-app' }, true),
  submit({
    name: 'customer-records',
    classification: 'confidential',
    services: ['rds', 'dynamodb', 'lambda'],
    keyUsers: 'storefront-app, orders-worker',
    requestsPerMonth: '2000000',
  }),
  submit({}),
];

/** Where each form of Example 1 starts in RETAIL_ANSWERS. */
export const RETAIL_STEP = {
  organization: 0,
  classifications: 1,
  application: 2,
  environment: 3,
  firstDataSet: 4,
  secondDataSet: 5,
  moreApplications: 6,
} as const;

/** The seed's Example 2: three application teams, HIPAA data, decentralized. */
export const HEALTHCARE_TEAMS = [
  ['patient-portal', 'portal', '222233334444', 's3, lambda, dynamodb', 'PortalApp'],
  ['claims', 'claims', '333344445555', 'aurora, sqs', 'ClaimsProcessor'],
  ['lab-results', 'lab', '444455556666', 's3, glue, athena', 'LabPipeline, LabAnalysts'],
] as const;

export const HEALTHCARE_ANSWERS: InterviewEvent[] = [
  submit({ name: 'Example Health', traits: ['autonomous-business-units', 'agile-teams-central-audit'] }),
  submit({ levels: 'internal, phi (HIPAA)' }),
  ...HEALTHCARE_TEAMS.flatMap(([name, team, account, services, users], index, all) => [
    submit({ name, team, keyAdmins: `${team}-key-admins` }),
    submit({ stage: 'prod', account, regions: 'us-east-1' }),
    submit({ name: `${name}-data`, classification: 'phi', services, keyUsers: users }),
    submit(index < all.length - 1 ? { nextApplication: all[index + 1]?.[0] } : {}),
  ]),
];
