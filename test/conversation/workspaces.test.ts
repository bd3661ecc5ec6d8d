import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigCommand, Workspaces } from '../../src/conversation/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { sqliteDatabase, type TestDatabase } from './dialects.js';

describe('config commands, as typed (after the adapter turned mentions into references)', () => {
  it.each([
    [['show'], { kind: 'show' }],
    [[], { kind: 'show' }],
    [['security-channel', 'channel:C123'], { kind: 'change', change: { kind: 'security-channel', channelId: 'C123' } }],
    [
      ['approvers', 'group:S1', 'user:U1'],
      { kind: 'change', change: { kind: 'approvers', users: ['U1'], groups: ['S1'] } },
    ],
    [['require-approval', 'ON'], { kind: 'change', change: { kind: 'require-approval', on: true } }],
    [
      ['two-approvers', 'restricted', 'phi'],
      { kind: 'change', change: { kind: 'two-approvers', classifications: ['restricted', 'phi'] } },
    ],
    [['two-approvers', 'off'], { kind: 'change', change: { kind: 'two-approvers', classifications: [] } }],
    [['review-interval', '12w'], { kind: 'change', change: { kind: 'review-interval', days: 84 } }],
    [['approval-expiry', '7d'], { kind: 'change', change: { kind: 'approval-expiry', days: 7 } }],
    [
      ['aws-role', 'arn:aws:iam::111122223333:role/KeyplanAudit', 'eu-west-1'],
      {
        kind: 'change',
        change: { kind: 'aws-role', arn: 'arn:aws:iam::111122223333:role/KeyplanAudit', region: 'eu-west-1' },
      },
    ],
    [['aws-role', 'off'], { kind: 'change', change: { kind: 'aws-role-off' } }],
    [['admins', 'user:U9'], { kind: 'change', change: { kind: 'admins', users: ['U9'] } }],
  ])('%j', (words, expected) => {
    expect(parseConfigCommand(words)).toEqual(expected);
  });

  it.each([
    [['security-channel', 'general'], /name one channel/],
    [['approvers', 'bob'], /"bob" is not a user or a user group/],
    [['require-approval', 'maybe'], /on, or off/],
    [['review-interval', 'soon'], /number of days, e.g. 90d/],
    [['review-interval', '1000d'], /1 to 730 days/],
    [['aws-role', 'KeyplanAudit'], /IAM role ARN/],
    [['frobnicate'], /there is no setting "frobnicate"/],
  ])('refuses %j, saying how to write it', (words, message) => {
    const command = parseConfigCommand(words);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toMatch(message);
    expect(command.kind === 'error' && command.message).toContain('config show');
  });
});

describe('Workspaces: who may change the settings, and the record of it', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = sqliteDatabase();
    store = await database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('lets bootstrap and named admins change settings, refuses others, and records both', async () => {
    const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
    const checked: string[] = [];
    const workspaces = new Workspaces(store, {
      bootstrapAdmins: ['U-BOOT'],
      checkRole: async (arn) => {
        checked.push(arn);
        return arn.endsWith('/Denied') ? { ok: false, reason: 'AccessDenied on sts:AssumeRole' } : { ok: true };
      },
    });
    const refused = await workspaces.configure(
      tenant,
      { userId: 'U-NOBODY' },
      parseConfigCommand(['require-approval', 'on']),
    );
    expect(refused).toMatchObject({ tone: 'warning', text: expect.stringMatching(/Only workspace admins/) });
    const saved = await workspaces.configure(
      tenant,
      { userId: 'U-BOOT' },
      parseConfigCommand(['admins', 'user:U-ANN']),
    );
    expect(saved.tone).toBe('success');
    await workspaces.configure(tenant, { userId: 'U-ANN' }, parseConfigCommand(['require-approval', 'on']));
    expect((await workspaces.settings(tenant)).requireApproval).toBe(true);
    const denied = await workspaces.configure(
      tenant,
      { userId: 'U-ANN' },
      parseConfigCommand(['aws-role', 'arn:aws:iam::111122223333:role/Denied']),
    );
    expect(denied).toMatchObject({ tone: 'error', text: expect.stringMatching(/cannot assume .*AccessDenied/) });
    expect((await workspaces.settings(tenant)).awsRole).toBeUndefined();
    expect(checked).toEqual(['arn:aws:iam::111122223333:role/Denied']);
    const shown = await workspaces.configure(tenant, { userId: 'U-NOBODY' }, { kind: 'show' });
    expect(shown.text).toMatch(/Approval required: for every plan/);
    const events = await store.auditTrail.list({ tenant });
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['config.refused', 'U-NOBODY'],
      ['config.changed', 'U-BOOT'],
      ['config.changed', 'U-ANN'],
    ]);
  });

  it('tells a person’s roles at the time they act: named approvers, members of approver groups, admins', async () => {
    const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
    const workspaces = new Workspaces(store, { bootstrapAdmins: ['U-BOOT'] });
    await workspaces.configure(
      tenant,
      { userId: 'U-BOOT' },
      parseConfigCommand(['approvers', 'user:U-SEC', 'group:S-SEC']),
    );
    const member = (group: string) => Promise.resolve(group === 'S-SEC');
    const nobody = () => Promise.resolve(false);
    expect(await workspaces.rolesOf(tenant, 'U-SEC', nobody)).toEqual(['approver']);
    expect(await workspaces.rolesOf(tenant, 'U-GROUPIE', member)).toEqual(['approver']);
    expect(await workspaces.rolesOf(tenant, 'U-OTHER', nobody)).toEqual([]);
    expect(await workspaces.rolesOf(tenant, 'U-BOOT', nobody)).toEqual(['workspace-admin']);
  });
});
