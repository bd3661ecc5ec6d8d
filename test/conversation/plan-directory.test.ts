import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine, interviewRegistration, PlanDirectory } from '../../src/conversation/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { RETAIL_ANSWERS } from '../flows/drive.js';
import { sqliteDatabase, type TestDatabase } from './dialects.js';
import { userOf } from './drive-engine.js';

describe('PlanDirectory: the stored plans adapters may read', () => {
  let database: TestDatabase;
  let store: Store;
  const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
  beforeAll(async () => {
    database = sqliteDatabase();
    store = await database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('lists finished interviews newest first and gives each plan with its summary and exports', async () => {
    const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
    const directory = new PlanDirectory(store);
    expect(await directory.latest(tenant)).toBeUndefined();
    for (const userId of ['alice', 'bob']) {
      const user = userOf(engine, tenant, userId);
      await user.act(await user.play(await user.open(), RETAIL_ANSWERS), 'confirm');
    }
    const listed = await directory.list(tenant);
    expect(listed.map((p) => [p.author, p.organization, p.keys, p.status])).toEqual([
      ['bob', 'Acme Retail', 2, 'draft'],
      ['alice', 'Acme Retail', 2, 'draft'],
    ]);
    const alices = await directory.latest(tenant, 'alice');
    expect(alices?.listing.id).toBe(listed[1]?.id);
    expect(alices?.summary.headline).toMatch(/2 KMS keys/);
    expect(alices?.summary.attachments.map((a) => a.filename)).toContain('keyplan.tf');
    expect((await directory.get(tenant, listed[0]?.id as string))?.listing.author).toBe('bob');
    expect(await directory.get({ ...tenant, workspace: 'other' }, listed[0]?.id as string)).toBeUndefined();
  });
});
