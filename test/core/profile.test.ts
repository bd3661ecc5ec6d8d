import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLASSIFICATIONS,
  describeIssues,
  type FieldIssue,
  KeyplanError,
  parseProfile,
  validateProfile,
} from '../../src/core/index.js';
import { readExample } from './support.js';

type Mutable = {
  organization: Record<string, unknown>;
  classifications?: unknown;
  defaults?: unknown;
  applications: {
    name?: unknown;
    team?: unknown;
    keyAdmins?: unknown;
    environments: Record<string, unknown>[];
    data: Record<string, unknown>[];
    [key: string]: unknown;
  }[];
  [key: string]: unknown;
};

function base(): Mutable {
  return {
    organization: { name: 'Acme' },
    applications: [
      {
        name: 'shop',
        team: 'web',
        keyAdmins: ['KeyAdmins'],
        environments: [{ stage: 'prod', account: '111122223333' }],
        data: [{ name: 'orders', classification: 'confidential', services: ['s3'], keyUsers: ['App'] }],
      },
      {
        name: 'crm',
        team: 'sales',
        keyAdmins: ['CrmAdmins'],
        environments: [
          { stage: 'dev', account: '222233334444', regions: ['eu-west-1'] },
          { stage: 'prod', account: '333344445555', regions: ['eu-west-1', 'eu-central-1'] },
        ],
        data: [
          { name: 'contacts', classification: 'internal', services: ['dynamodb'], keyUsers: ['CrmApp'] },
          { name: 'deals', classification: 'restricted', services: ['rds', 'lambda'] },
        ],
      },
    ],
  };
}

function issues(mutate: (profile: Mutable) => void): FieldIssue[] {
  const profile = base();
  mutate(profile);
  const result = validateProfile(profile);
  if (result.ok) throw new Error('expected the profile to be invalid');
  return result.issues;
}

/** The whole advice an issue gives a user: message and hint. */
function advice(issue: FieldIssue | undefined): string {
  return `${issue?.message ?? ''} ${issue?.hint ?? ''}`;
}

describe('profile validation: every error names the field path and a fix', () => {
  const cases: [string, (p: Mutable) => void, string, RegExp][] = [
    [
      'account id of 11 digits',
      (p) => {
        p.applications[1]!.environments[1]!.account = '33334444555';
      },
      'applications[1].environments[1].account',
      /exactly 12 digits, e\.g\. 111122223333/,
    ],
    [
      'account id with letters',
      (p) => {
        p.applications[0]!.environments[0]!.account = '11112222333a';
      },
      'applications[0].environments[0].account',
      /12 digits/,
    ],
    [
      'account id written as a number (unquoted YAML)',
      (p) => {
        p.applications[0]!.environments[0]!.account = 111122223333;
      },
      'applications[0].environments[0].account',
      /written as a string \(quote it in YAML/,
    ],
    [
      'unknown service',
      (p) => {
        p.applications[1]!.data[1]!.services = ['rds', 'dynamo'];
      },
      'applications[1].data[1].services[1]',
      /unknown service "dynamo"; known services: .*dynamodb/,
    ],
    [
      'undeclared classification',
      (p) => {
        p.applications[1]!.data[0]!.classification = 'secret';
      },
      'applications[1].data[0].classification',
      /"secret" is not declared.*use one of public, internal, confidential, restricted, or add it under classifications/,
    ],
    [
      'classification declared in the profile only',
      (p) => {
        p.classifications = [{ name: 'public' }, { name: 'confidential' }];
        p.applications[1]!.data[0]!.classification = 'internal';
      },
      'applications[1].data[0].classification',
      /use one of public, confidential/,
    ],
    [
      'rotation period below 90 days',
      (p) => {
        p.applications[0]!.data[0]!.needs = { rotationDays: 89 };
      },
      'applications[0].data[0].needs.rotationDays',
      /at least 90 days \(AWS KMS allows 90–2560\)/,
    ],
    [
      'rotation period above 2560 days',
      (p) => {
        p.defaults = { rotationDays: 2561 };
      },
      'defaults.rotationDays',
      /at most 2560 days/,
    ],
    [
      'rotation period not whole',
      (p) => {
        p.applications[0]!.data[0]!.needs = { rotationDays: 120.5 };
      },
      'applications[0].data[0].needs.rotationDays',
      /whole number of days/,
    ],
    [
      'unknown region',
      (p) => {
        p.applications[1]!.environments[1]!.regions = ['eu-west-1', 'eu-centrl-1'];
      },
      'applications[1].environments[1].regions[1]',
      /unknown AWS region "eu-centrl-1"; use a region code such as us-east-1/,
    ],
    [
      'unknown default region',
      (p) => {
        p.defaults = { region: 'mars-1' };
      },
      'defaults.region',
      /unknown AWS region/,
    ],
    [
      'wildcard key user',
      (p) => {
        p.applications[1]!.data[0]!.keyUsers = ['CrmApp', '*'];
      },
      'applications[1].data[0].keyUsers[1]',
      /wildcard principal; name an IAM role/,
    ],
    [
      'wildcard in a role ARN',
      (p) => {
        p.applications[0]!.keyAdmins = ['arn:aws:iam::111122223333:role/*'];
      },
      'applications[0].keyAdmins[0]',
      /wildcard principal/,
    ],
    [
      'wildcard security team admin',
      (p) => {
        p.organization.securityTeam = { name: 'sec', keyAdmins: ['*'] };
      },
      'organization.securityTeam.keyAdmins[0]',
      /wildcard principal/,
    ],
    [
      'principal that is neither role name nor ARN',
      (p) => {
        p.applications[0]!.data[0]!.keyUsers = ['arn:aws:s3:::bucket'];
      },
      'applications[0].data[0].keyUsers[0]',
      /neither an IAM role name nor an IAM ARN; use a role name such as KeyAdmins/,
    ],
    [
      'duplicate application name (case and punctuation do not count)',
      (p) => {
        p.applications[1]!.name = 'Shop';
      },
      'applications[1].name',
      /"shop" and "Shop" are the same name to keyplan \(shop\).*name of its own/,
    ],
    [
      'duplicate data set name',
      (p) => {
        p.applications[1]!.data[1]!.name = 'contacts';
      },
      'applications[1].data[1].name',
      /"contacts" is listed twice in crm.*name of its own/,
    ],
    [
      'duplicate stage',
      (p) => {
        p.applications[1]!.environments[1]!.stage = 'dev';
      },
      'applications[1].environments[1].stage',
      /"dev" is listed twice in crm.*list several regions in one entry/,
    ],
    [
      'duplicate region',
      (p) => {
        p.applications[1]!.environments[1]!.regions = ['eu-west-1', 'eu-west-1'];
      },
      'applications[1].environments[1].regions[1]',
      /region listed twice.*remove/,
    ],
    [
      'duplicate service',
      (p) => {
        p.applications[1]!.data[1]!.services = ['rds', 'RDS'];
      },
      'applications[1].data[1].services[1]',
      /service listed twice.*remove/,
    ],
    [
      'a name with characters names cannot hold, with a suggestion',
      (p) => {
        p.applications[1]!.data[0]!.name = 'customer*records';
      },
      'applications[1].data[0].name',
      /"customer\*records" has characters a name cannot hold \("\*"\); use letters, digits, spaces .*e\.g\. "customer records"/,
    ],
    [
      'unknown governance',
      (p) => {
        p.organization.governance = 'central';
      },
      'organization.governance',
      /governance must be one of recommend, centralized, decentralized, hybrid/,
    ],
    [
      'unknown trait',
      (p) => {
        p.organization.traits = ['agile'];
      },
      'organization.traits[0]',
      /unknown trait; choose from/,
    ],
    [
      'unknown access mode',
      (p) => {
        p.applications[0]!.data[0]!.access = 'api';
      },
      'applications[0].data[0].access',
      /"service".*"direct"/,
    ],
    [
      'deletion window out of range',
      (p) => {
        p.defaults = { deletionWindowDays: 3 };
      },
      'defaults.deletionWindowDays',
      /7–30 days/,
    ],
    [
      'empty classification list',
      (p) => {
        p.classifications = [];
      },
      'classifications',
      /at least one classification, or leave classifications out/,
    ],
    [
      'no key administrators',
      (p) => {
        p.applications[0]!.keyAdmins = [];
      },
      'applications[0].keyAdmins',
      /at least one key administrator role/,
    ],
    [
      'an application that would give aliases under alias/aws/',
      (p) => {
        p.applications[1]!.name = 'aws';
      },
      'applications[1].name',
      /alias\/aws\/.*rename the application/,
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, fix) => {
    const found = issues(mutate);
    expect(found.map((i) => i.path)).toContain(path);
    const issue = found.find((i) => i.path === path);
    expect(advice(issue)).toMatch(fix);
    expect(describeIssues(found)).toContain(`${path}: `);
  });
});

describe('profile validation: unknown fields (typos)', () => {
  it.each([
    [
      'keyUser in a data set',
      'applications[1].data[0].keyUser',
      'keyUsers',
      (p: Mutable) => {
        p.applications[1]!.data[0]!.keyUser = ['x'];
      },
    ],
    [
      'enviroments in an application',
      'applications[0].enviroments',
      'environments',
      (p: Mutable) => {
        p.applications[0]!.enviroments = [];
      },
    ],
    [
      'acount in an environment',
      'applications[1].environments[0].acount',
      'account',
      (p: Mutable) => {
        p.applications[1]!.environments[0]!.acount = '111122223333';
      },
    ],
    [
      'multiregion in needs',
      'applications[0].data[0].needs.multiregion',
      'multiRegion',
      (p: Mutable) => {
        p.applications[0]!.data[0]!.needs = { multiregion: true };
      },
    ],
    [
      'organisation at the top',
      'organisation',
      'organization',
      (p: Mutable) => {
        p.organisation = { name: 'x' };
      },
    ],
    [
      'governence in the organization',
      'organization.governence',
      'governance',
      (p: Mutable) => {
        p.organization.governence = 'hybrid';
      },
    ],
  ])('%s → %s, suggesting %s', (_name, path, suggestion, mutate) => {
    const found = issues(mutate);
    const issue = found.find((i) => i.path === path);
    expect(issue?.message).toBe(`unknown field "${path.split('.').pop()}"`);
    expect(issue?.hint).toContain(`did you mean ${suggestion}?`);
  });

  it('names every unknown field of one object separately', () => {
    const found = issues((p) => {
      p.applications[0]!.data[0]!.colour = 'red';
      p.applications[0]!.data[0]!.size = 3;
    });
    expect(found.map((i) => i.path)).toEqual(['applications[0].data[0].colour', 'applications[0].data[0].size']);
    expect(found[0]?.hint).toMatch(/fields here: name, classification, services, keyUsers/);
  });
});

describe('profile validation: missing required fields', () => {
  it.each([
    [
      'organization',
      (p: Mutable) => {
        delete (p as Partial<Mutable>).organization;
      },
    ],
    [
      'organization.name',
      (p: Mutable) => {
        delete p.organization.name;
      },
    ],
    [
      'applications',
      (p: Mutable) => {
        delete (p as Partial<Mutable>).applications;
      },
    ],
    [
      'applications[0].name',
      (p: Mutable) => {
        delete p.applications[0]!.name;
      },
    ],
    [
      'applications[0].team',
      (p: Mutable) => {
        delete p.applications[0]!.team;
      },
    ],
    [
      'applications[1].keyAdmins',
      (p: Mutable) => {
        delete p.applications[1]!.keyAdmins;
      },
    ],
    [
      'applications[1].environments[1].account',
      (p: Mutable) => {
        delete p.applications[1]!.environments[1]!.account;
      },
    ],
    [
      'applications[1].environments[0].stage',
      (p: Mutable) => {
        delete p.applications[1]!.environments[0]!.stage;
      },
    ],
    [
      'applications[1].data[1].services',
      (p: Mutable) => {
        delete p.applications[1]!.data[1]!.services;
      },
    ],
    [
      'applications[1].data[1].classification',
      (p: Mutable) => {
        delete p.applications[1]!.data[1]!.classification;
      },
    ],
  ])('%s is required, with a hint', (path, mutate) => {
    const found = issues(mutate);
    expect(found).toEqual([
      {
        path,
        message: `${path
          .split('.')
          .pop()
          ?.replace(/\[\d+\]$/, '')} is required`,
        hint: expect.any(String),
      },
    ]);
    expect(found[0]?.hint?.length).toBeGreaterThan(5);
  });

  it('the account hint says how to write it', () => {
    const [issue] = issues((p) => {
      delete p.applications[0]!.environments[0]!.account;
    });
    expect(issue?.hint).toMatch(/12 digits/);
  });

  it('a wrong type is not reported as missing', () => {
    const found = issues((p) => {
      (p as Record<string, unknown>).applications = 'shop';
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('applications');
    expect(found[0]?.message).not.toMatch(/required/);
  });

  it.each([[null], ['text'], [42], [[]]])('a document that is not a mapping (%j) is one clear issue', (raw) => {
    const result = validateProfile(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]?.path).toBe('');
      expect(advice(result.issues[0])).toMatch(/organization/);
    }
  });

  it('reports every problem at once', () => {
    const found = issues((p) => {
      p.applications[0]!.environments[0]!.account = '1';
      p.applications[1]!.environments[0]!.regions = ['nowhere-1'];
      p.applications[1]!.data[0]!.keyUsers = ['*'];
    });
    expect(found.map((i) => i.path)).toEqual([
      'applications[0].environments[0].account',
      'applications[1].environments[0].regions[0]',
      'applications[1].data[0].keyUsers[0]',
    ]);
  });
});

describe('profile validation: defaults', () => {
  it('fills in every default', () => {
    const profile = parseProfile(base());
    expect(profile.organization).toEqual({
      name: 'Acme',
      governance: 'recommend',
      traits: [],
      consolidatedBilling: false,
    });
    expect(profile.defaults).toEqual({ region: 'us-east-1', rotationDays: 365, deletionWindowDays: 30 });
    expect(profile.classifications.map((c) => c.name)).toEqual(['public', 'internal', 'confidential', 'restricted']);
    expect(profile.classifications).toEqual(DEFAULT_CLASSIFICATIONS.map((c) => ({ name: c.name, regulations: [] })));
    const data = profile.applications[0]?.data[0];
    expect(data).toMatchObject({
      keyUsers: ['App'],
      needs: { control: true, audit: true, byok: false, multiRegion: false },
      access: 'service',
    });
    expect(data?.keyAdmins).toBeUndefined();
    expect(profile.applications[1]?.data[1]?.keyUsers).toEqual([]);
  });

  it('regions default to defaults.region; given regions are kept in order', () => {
    const raw = base();
    raw.defaults = { region: 'ap-southeast-2' };
    const profile = parseProfile(raw);
    expect(profile.applications[0]?.environments[0]?.regions).toEqual(['ap-southeast-2']);
    expect(profile.applications[1]?.environments[1]?.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(parseProfile(base()).applications[0]?.environments[0]?.regions).toEqual(['us-east-1']);
  });

  it('partial needs keep the other defaults', () => {
    const raw = base();
    raw.applications[0]!.data[0]!.needs = { byok: true };
    expect(parseProfile(raw).applications[0]?.data[0]?.needs).toEqual({
      control: true,
      audit: true,
      byok: true,
      multiRegion: false,
    });
  });

  it('classification references are matched without case and written as declared', () => {
    const raw = base();
    raw.applications[0]!.data[0]!.classification = 'Confidential';
    expect(parseProfile(raw).applications[0]?.data[0]?.classification).toBe('confidential');
  });

  it('services are matched without case', () => {
    const raw = base();
    raw.applications[0]!.data[0]!.services = ['S3', 'CloudWatch-Logs'];
    expect(parseProfile(raw).applications[0]?.data[0]?.services).toEqual(['s3', 'cloudwatch-logs']);
  });

  it('parseProfile throws a KeyplanError carrying the issues', () => {
    const raw = base();
    raw.applications[0]!.environments[0]!.account = 'x';
    expect(() => parseProfile(raw)).toThrow(KeyplanError);
    try {
      parseProfile(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(KeyplanError);
      expect((error as KeyplanError).code).toBe('PROFILE_INVALID');
      expect((error as KeyplanError).issues.map((i) => i.path)).toEqual(['applications[0].environments[0].account']);
    }
  });

  it.each([['retail'], ['healthcare']])('examples/%s.yaml is valid', (name) => {
    expect(validateProfile(readExample(name)).ok).toBe(true);
  });
});
