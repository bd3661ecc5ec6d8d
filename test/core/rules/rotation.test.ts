import { describe, expect, it } from 'vitest';
import { SERVICE_IDS, serviceById } from '../../../src/core/index.js';
import { RuleContext } from '../../../src/core/rule.js';
import { rotationRule } from '../../../src/core/rules/rotation.js';
import { dataSet, keyOf, planOfData } from '../support.js';

function rotate(type: Parameters<typeof rotationRule.apply>[2], days: number, services: string[] = ['s3']) {
  const context = new RuleContext();
  return { rotation: rotationRule.apply(context, 'app/prod/d', type, days, services), context };
}

describe('rotation (DESIGN §4.4, §6)', () => {
  it.each([90, 180, 365, 2560])('customer managed: automatic every %i days', (days) => {
    const { rotation, context } = rotate('customer-managed', days);
    expect(rotation.automatic).toBe(true);
    expect(rotation.periodDays).toBe(days);
    expect(rotation.note).toContain(`every ${days} days`);
    expect(rotation.note).toMatch(/never re-encrypts existing data/);
    expect(context.trail).toEqual([{ ruleId: 'rotation', subject: 'app/prod/d', because: rotation.note }]);
  });

  it('imported material: no automatic rotation, on demand after importing new material', () => {
    const { rotation } = rotate('customer-managed-imported', 365);
    expect(rotation).toMatchObject({ automatic: false, periodDays: null });
    expect(rotation.note).toMatch(/import new material, then rotate on demand/);
    expect(rotation.note).toMatch(/caps on-demand rotations/);
  });

  it('AWS managed keys rotate yearly; AWS owned keys as AWS decides', () => {
    expect(rotate('aws-managed', 90).rotation).toMatchObject({ automatic: true, periodDays: 365 });
    expect(rotate('aws-owned', 90).rotation).toMatchObject({ automatic: false, periodDays: null });
  });

  it.each([['rds'], ['ebs'], ['redshift'], ['aurora']])(
    '%s keeps the key ARN: the note says a new key behind the alias does not re-key it',
    (service) => {
      const { rotation } = rotate('customer-managed', 365, [service, 's3']);
      expect(rotation.note).toContain(`${service} stores the key ARN`);
      expect(rotation.note).toMatch(/does not re-key existing resources/);
    },
  );

  it('names every pinning service in one note', () => {
    expect(rotate('customer-managed', 365, ['ebs', 'rds', 's3']).rotation.note).toContain('ebs, rds store the key ARN');
  });

  it.each(SERVICE_IDS.map((id) => [id, serviceById(id).pinsKeyArn]))(
    '%s: the re-key note appears exactly when the service keeps the key ARN (%s)',
    (id, pins) => {
      expect(rotate('customer-managed', 365, [id]).rotation.note.includes('key ARN')).toBe(pins);
    },
  );

  it('S3 and SQS do not pin the key ARN: no re-key note', () => {
    expect(rotate('customer-managed', 365, ['s3', 'sqs']).rotation.note).not.toMatch(/key ARN/);
  });

  it('imported keys do not get the re-key note from the customer managed branch', () => {
    expect(rotate('customer-managed-imported', 365, ['rds']).rotation.automatic).toBe(false);
  });

  it('the plan uses the data set’s period, else the profile default', () => {
    const plan = planOfData(
      [dataSet('a', { needs: { rotationDays: 180 } }), dataSet('b', { classification: 'public' })],
      { defaults: { rotationDays: 730 } },
    );
    expect(keyOf(plan, 'a').rotation).toMatchObject({ automatic: true, periodDays: 180 });
    expect(keyOf(plan, 'b').rotation).toMatchObject({ automatic: true, periodDays: 730 });
  });

  it('the plan gives an imported key no automatic rotation', () => {
    const plan = planOfData([dataSet('a', { needs: { byok: true, rotationDays: 90 } })]);
    expect(keyOf(plan, 'a')).toMatchObject({
      type: 'customer-managed-imported',
      rotation: { automatic: false, periodDays: null },
    });
  });
});
