import { describe, expect, it } from 'vitest';
import { knownTimeZone, nextWorkingTime, withinWorkingHours } from '../../src/scheduler/working-hours.js';

describe('working hours: weekdays 09:00–17:00 in the recipient’s time zone', () => {
  it.each([
    // [instant (UTC), zone, within?, next working time (UTC)]
    ['2026-12-01T10:00:00Z', 'UTC', true, '2026-12-01T10:00:00.000Z'], // Tuesday 10:00
    ['2026-12-01T08:59:00Z', 'UTC', false, '2026-12-01T09:00:00.000Z'], // just before opening
    ['2026-12-01T17:00:00Z', 'UTC', false, '2026-12-02T09:00:00.000Z'], // closing time is out
    ['2026-12-05T12:00:00Z', 'UTC', false, '2026-12-07T09:00:00.000Z'], // Saturday → Monday
    ['2026-12-04T16:30:00Z', 'UTC', true, '2026-12-04T16:30:00.000Z'], // Friday afternoon
    ['2026-12-01T10:00:00Z', 'Asia/Tokyo', false, '2026-12-02T00:00:00.000Z'], // 19:00 JST → 09:00 JST
    ['2026-12-01T15:00:00Z', 'America/New_York', true, '2026-12-01T15:00:00.000Z'], // 10:00 EST
    ['2026-12-01T02:00:00Z', 'America/Los_Angeles', false, '2026-12-01T17:00:00.000Z'], // 18:00 PST Monday
    ['2026-12-04T23:00:00Z', 'Pacific/Auckland', false, '2026-12-06T20:00:00.000Z'], // Sat 12:00 NZDT → Mon 09:00
    ['2026-12-01T04:00:00Z', 'Asia/Kolkata', true, '2026-12-01T04:00:00.000Z'], // 09:30 IST (half-hour zone)
    ['2026-12-01T03:00:00Z', 'Asia/Kolkata', false, '2026-12-01T04:00:00.000Z'], // 08:30 IST → 09:30 IST, first whole UTC hour within
  ])('%s in %s: within %s, next %s', (at, zone, within, next) => {
    expect(withinWorkingHours(new Date(at), zone)).toBe(within);
    expect(nextWorkingTime(new Date(at), zone).toISOString()).toBe(next);
  });

  it('follows daylight saving: 09:00 in London is 08:00 UTC in summer, 09:00 UTC in winter', () => {
    expect(nextWorkingTime(new Date('2026-07-06T07:30:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-07-06T08:00:00.000Z',
    );
    expect(nextWorkingTime(new Date('2026-12-07T07:30:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-12-07T09:00:00.000Z',
    );
  });

  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['Mars/Olympus_Mons', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('knownTimeZone(%s) = %s (unknown zones fall back to UTC)', (zone, known) => {
    expect(knownTimeZone(zone)).toBe(known);
  });
});
