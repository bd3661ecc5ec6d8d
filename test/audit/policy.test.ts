import { describe, expect, it } from 'vitest';
import { actionMatches, grantsAllKmsActions, statementCovers } from '../../src/audit/policy/actions.js';
import { isConfinedByConditions, viaServiceValues } from '../../src/audit/policy/conditions.js';
import { parsePolicyDocument } from '../../src/audit/policy/document.js';
import { isAccountRoot } from '../../src/audit/policy/principals.js';
import { ACCOUNT, policyText, ROOT, role } from './fixtures.js';

describe('parsePolicyDocument', () => {
  it('normalises strings and lists and bare account ids, keeping actions as written', () => {
    const document = parsePolicyDocument(
      policyText([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'KMS:Decrypt', Resource: '*' }]),
    );
    expect(document?.statements).toEqual([
      {
        sid: null,
        effect: 'Allow',
        principals: { wildcard: false, aws: [ROOT], service: [], federated: [], canonicalUser: [] },
        notPrincipal: false,
        actions: ['KMS:Decrypt'],
        notAction: false,
        conditions: [],
      },
    ]);
  });

  it('accepts a single Statement object, "*" principals, services and NotAction', () => {
    const document = parsePolicyDocument(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: {
          Sid: 'x',
          Effect: 'Allow',
          Principal: { AWS: ['*', role('a')], Service: 'logs.us-east-1.amazonaws.com' },
          NotAction: ['kms:ScheduleKeyDeletion'],
          Resource: '*',
          Condition: { StringEquals: { 'KMS:ViaService': ['S3.us-east-1.amazonaws.com'] } },
        },
      }),
    );
    const statement = document?.statements[0];
    expect(statement?.principals).toEqual({
      wildcard: true,
      aws: [role('a')],
      service: ['logs.us-east-1.amazonaws.com'],
      federated: [],
      canonicalUser: [],
    });
    expect(statement?.notAction).toBe(true);
    expect(statement?.conditions).toEqual([
      { operator: 'StringEquals', key: 'kms:viaservice', values: ['S3.us-east-1.amazonaws.com'] },
    ]);
    expect(viaServiceValues(document?.statements ?? [])).toEqual(new Set(['s3.us-east-1.amazonaws.com']));
  });

  it('returns null for text that is not a policy', () => {
    expect(parsePolicyDocument('not json')).toBeNull();
    expect(parsePolicyDocument('[]')).toBeNull();
    expect(parsePolicyDocument('{"Version":"2012-10-17"}')).toBeNull();
  });
});

describe('actions', () => {
  it.each([
    ['kms:*', 'kms:Decrypt', true],
    ['kms:ReEncrypt*', 'kms:ReEncryptFrom', true],
    ['kms:Get*', 'kms:GenerateDataKey', false],
    ['kms:Generate*', 'kms:GenerateDataKey', true],
    ['kms:encrypt', 'kms:Encrypt', true],
    ['kms:Enc?ypt', 'kms:Encrypt', true],
    ['kms:Encrypt', 'kms:EncryptX', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it('NotAction inverts coverage, and counts as kms:* while it leaves PutKeyPolicy or both duties', () => {
    const notAction = (actions: string | string[]) => {
      const [statement] =
        parsePolicyDocument(
          policyText([{ Effect: 'Allow', Principal: { AWS: ROOT }, NotAction: actions, Resource: '*' }]),
        )?.statements ?? [];
      if (!statement) throw new Error('no statement');
      return statement;
    };
    const allButDecrypt = notAction('kms:Decrypt');
    expect(statementCovers(allButDecrypt, 'kms:Decrypt')).toBe(false);
    expect(statementCovers(allButDecrypt, 'kms:PutKeyPolicy')).toBe(true);
    expect(grantsAllKmsActions(allButDecrypt)).toBe(true);
    expect(grantsAllKmsActions(notAction('kms:ScheduleKeyDeletion'))).toBe(true);
    // Excluding every KMS action, or every administrative one, leaves nothing that amounts to kms:*.
    expect(grantsAllKmsActions(notAction('kms:*'))).toBe(false);
    expect(
      grantsAllKmsActions(
        notAction([
          'kms:Put*',
          'kms:Schedule*',
          'kms:Cancel*',
          'kms:Enable*',
          'kms:Disable*',
          'kms:Rotate*',
          'kms:Update*',
          'kms:Tag*',
          'kms:Untag*',
          'kms:*Alias',
          'kms:*ImportedKeyMaterial',
          'kms:ImportKeyMaterial',
          'kms:ReplicateKey',
        ]),
      ),
    ).toBe(false);
  });
});

describe('conditions and principals', () => {
  const statement = (condition: Record<string, unknown>) =>
    parsePolicyDocument(
      policyText([{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: condition }]),
    )?.statements[0];

  it.each([
    [{ StringEquals: { 'kms:CallerAccount': ACCOUNT } }, true],
    [{ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, true],
    [{ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } }, true],
    [{ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app' } }, false],
    [{ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, false],
    [{ StringEquals: { 'kms:CallerAccount': [ACCOUNT, '*'] } }, false],
    [{ Bool: { 'aws:SecureTransport': 'true' } }, false],
  ])('%j confines the caller: %s', (condition, expected) => {
    const subject = statement(condition);
    if (!subject) throw new Error('no statement');
    expect(isConfinedByConditions(subject)).toBe(expected);
  });

  it('knows the account root in both spellings, and only of its own account', () => {
    expect(isAccountRoot(ROOT, ACCOUNT)).toBe(true);
    expect(isAccountRoot(ACCOUNT, ACCOUNT)).toBe(true);
    expect(isAccountRoot('arn:aws-us-gov:iam::111122223333:root', ACCOUNT)).toBe(true);
    expect(isAccountRoot('arn:aws:iam::444455556666:root', ACCOUNT)).toBe(false);
    expect(isAccountRoot(role('Admin'), ACCOUNT)).toBe(false);
  });
});
