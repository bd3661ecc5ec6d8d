import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeZones } from '../../src/conversation/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { sqliteDatabase, type TestDatabase } from './dialects.js';

const SLACK: Tenant = { platform: 'slack', workspace: 'T1' };
const TEAMS: Tenant = { platform: 'teams', workspace: 'tenant-1' };

describe('people’s time zones for reminders', () => {
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

  it('asks the platform once, then answers from the store (another replica too)', async () => {
    const asked: string[] = [];
    const zones = new TimeZones(store, {
      slack: async (_tenant, userId) => {
        asked.push(userId);
        return 'Asia/Tokyo';
      },
    });
    expect(await zones.of(SLACK, 'U1')).toBe('Asia/Tokyo');
    expect(await zones.of(SLACK, 'U1')).toBe('Asia/Tokyo');
    expect(await new TimeZones(store).of(SLACK, 'U1')).toBe('Asia/Tokyo');
    expect(asked).toEqual(['U1']);
  });

  it('keeps what an activity said (Teams localTimezone) and ignores zones the runtime does not know', async () => {
    const zones = new TimeZones(store);
    await zones.remember(TEAMS, 'aad-1', 'Europe/Berlin');
    await zones.remember(TEAMS, 'aad-1', 'Not/AZone');
    await zones.remember(TEAMS, 'aad-1', undefined);
    expect(await zones.of(TEAMS, 'aad-1')).toBe('Europe/Berlin');
    await zones.remember(TEAMS, 'aad-1', 'America/Chicago');
    expect(await zones.of(TEAMS, 'aad-1')).toBe('America/Chicago');
  });

  it('falls back to UTC (undefined) when the platform cannot say or fails', async () => {
    const zones = new TimeZones(store, {
      slack: async () => {
        throw new Error('users.info: user_not_found');
      },
      teams: async () => 'Atlantis/Capital',
    });
    expect(await zones.of(SLACK, 'U-gone')).toBeUndefined();
    expect(await zones.of(TEAMS, 'aad-2')).toBeUndefined();
    expect(await store.people.timeZone(TEAMS, 'aad-2')).toBeUndefined();
  });
});
