import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import {
  ALIAS_MAX_LENGTH,
  type AliasRequest,
  aliasNamingRule,
  aliasSegment,
  isLegalAlias,
} from '../../../src/core/rules/alias-naming.js';
import {
  ACCOUNT,
  application,
  dataSet,
  kmsKeys,
  OTHER_ACCOUNT,
  planOf,
  planOfData,
  validateIssues,
} from '../support.js';

function request(extra: Partial<AliasRequest> = {}): AliasRequest {
  return {
    account: ACCOUNT,
    regions: ['us-east-1'],
    application: 'storefront',
    stage: 'prod',
    classification: 'confidential',
    distinguisher: 'customer-records',
    subject: 'storefront/prod/customer-records',
    ...extra,
  };
}

function name(requests: AliasRequest[]) {
  const context = new RuleContext();
  return { aliases: aliasNamingRule.apply(context, requests), context };
}

describe('alias-naming: format (DESIGN §4.6)', () => {
  it('is alias/<application>/<stage>/<classification>', () => {
    const { aliases, context } = name([request()]);
    expect(aliases).toEqual(['alias/storefront/prod/confidential']);
    expect(context.trail).toEqual([]);
  });

  it.each([
    ['Storefront', 'PROD', 'Confidential', 'alias/storefront/prod/confidential'],
    ['web.shop', 'prod.eu', 'pii_data', 'alias/web-shop/prod-eu/pii_data'],
    ['App..Name', 'x--y', 'a.-b', 'alias/app-name/x-y/a-b'],
    ['0app', '1', '2', 'alias/0app/1/2'],
  ])('%s/%s/%s → %s: lower-case, only [a-z0-9/_-]', (app, stage, classification, expected) => {
    const [alias] = name([request({ application: app, stage, classification })]).aliases;
    expect(alias).toBe(expected);
    expect(alias).toMatch(/^alias\/[a-z0-9/_-]+$/);
  });

  it.each([
    ['Hello World!', 'hello-world'],
    ['--x--', 'x'],
    ['...', 'x'],
    ['ÄÖÜ', 'aou'],
    ['Billing Service V2', 'billing-service-v2'],
    ['Invoices & Receipts', 'invoices-and-receipts'],
    ['!!!', 'x'],
    ['a_b-c', 'a_b-c'],
  ])('aliasSegment(%j) = %j', (value, segment) => {
    expect(aliasSegment(value)).toBe(segment);
  });

  it('is at most 256 characters even for the longest names', () => {
    const long = (c: string) => c.repeat(63);
    const { aliases } = name([
      request({ application: long('a'), stage: long('b'), classification: long('c'), distinguisher: long('d') }),
      request({ application: long('a'), stage: long('b'), classification: long('c'), distinguisher: long('e') }),
      request({ application: long('a'), stage: long('b'), classification: long('c'), distinguisher: long('f') }),
    ]);
    for (const alias of aliases) {
      expect(alias.length).toBeLessThanOrEqual(ALIAS_MAX_LENGTH);
      expect(isLegalAlias(alias)).toBe(true);
      expect(alias).not.toMatch(/[/-]$/);
    }
    expect(new Set(aliases).size).toBe(3);
  });

  it('isLegalAlias rejects the reserved alias/aws/ prefix, illegal characters and length', () => {
    expect(isLegalAlias('alias/app/prod/public')).toBe(true);
    expect(isLegalAlias('alias/aws/s3')).toBe(false);
    expect(isLegalAlias('alias/App/prod')).toBe(false);
    expect(isLegalAlias('alias/app prod')).toBe(false);
    expect(isLegalAlias('app/prod')).toBe(false);
    expect(isLegalAlias(`alias/${'a'.repeat(250)}`)).toBe(true);
    expect(isLegalAlias(`alias/${'a'.repeat(251)}`)).toBe(false);
  });
});

describe('alias-naming: uniqueness per account and region', () => {
  it('adds the distinguisher only on a clash, to every clashing key, with a trail entry', () => {
    const { aliases, context } = name([
      request({ distinguisher: 'orders' }),
      request({ distinguisher: 'Invoices' }),
      request({ classification: 'public', distinguisher: 'catalog' }),
    ]);
    expect(aliases).toEqual([
      'alias/storefront/prod/confidential/orders',
      'alias/storefront/prod/confidential/invoices',
      'alias/storefront/prod/public',
    ]);
    expect(context.trail.map((t) => t.ruleId)).toEqual(['alias-naming', 'alias-naming']);
  });

  it.each([
    ['another account', { account: OTHER_ACCOUNT }],
    ['another region', { regions: ['eu-west-1'] }],
  ])('the same name in %s is no clash', (_name, extra) => {
    const { aliases } = name([request(), request(extra)]);
    expect(aliases).toEqual(['alias/storefront/prod/confidential', 'alias/storefront/prod/confidential']);
  });

  it('a multi-Region key clashes with a single-Region key in any of its regions', () => {
    const { aliases } = name([
      request({ regions: ['us-east-1', 'eu-west-1'], distinguisher: 'global' }),
      request({ regions: ['eu-west-1'], distinguisher: 'local' }),
    ]);
    expect(aliases).toEqual(['alias/storefront/prod/confidential/global', 'alias/storefront/prod/confidential/local']);
  });

  it('stays unique when names only differ in characters aliases cannot hold', () => {
    const { aliases } = name([
      request({ application: 'web.shop', distinguisher: 'data' }),
      request({ application: 'web-shop', distinguisher: 'data' }),
      request({ application: 'Web-Shop.', distinguisher: 'Data' }),
    ]);
    expect(new Set(aliases).size).toBe(3);
    for (const alias of aliases) expect(isLegalAlias(alias)).toBe(true);
  });

  it('the plan gives keys sharing application, stage and classification distinct aliases', () => {
    const plan = planOfData([
      dataSet('orders', { keyUsers: ['Reader'] }),
      dataSet('invoices', { keyUsers: ['Writer'] }),
      dataSet('catalog', { classification: 'public' }),
    ]);
    expect(kmsKeys(plan).map((k) => k.alias)).toEqual([
      'alias/app/prod/confidential/orders',
      'alias/app/prod/confidential/invoices',
      'alias/app/prod/public',
    ]);
    expect(kmsKeys(plan).map((k) => k.id)).toEqual([
      `${ACCOUNT}/us-east-1/app/prod/confidential/orders`,
      `${ACCOUNT}/us-east-1/app/prod/confidential/invoices`,
      `${ACCOUNT}/us-east-1/app/prod/public`,
    ]);
  });

  it('applications whose names differ only in case or punctuation are one name, so the profile says so', () => {
    const issues = validateIssues([application('web.shop', [dataSet('d')]), application('Web Shop', [dataSet('d')])]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'applications[1].name',
        message: expect.stringMatching(/"web\.shop" and "Web Shop" are the same name to keyplan \(web-shop\)/),
      }),
    ]);
  });

  it('never plans an alias under alias/aws/', () => {
    const plan = planOf([application('aws x', [dataSet('d')]), application('awsx', [dataSet('d')])]);
    for (const key of kmsKeys(plan)) {
      expect(key.alias?.startsWith('alias/aws/')).toBe(false);
      expect(isLegalAlias(key.alias ?? '')).toBe(true);
    }
  });

  it.each([['aws'], ['AWS'], ['aws-'], ['aws.'], ['Aws--']])(
    'an application named %j is refused: its aliases would fall under alias/aws/',
    (appName) => {
      expect(validateIssues([application(appName, [dataSet('d')])])).toEqual([
        expect.objectContaining({ path: 'applications[0].name', message: expect.stringMatching(/alias\/aws\//) }),
      ]);
    },
  );
});
