import { describe, expect, it } from 'vitest';
import { nextReviewAt } from '../../src/conversation/reminders.js';
import { readSettings } from '../../src/conversation/workspace-settings.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('when the next strategy review is due', () => {
  it.each([
    [{}, '2027-03-01T10:00:00.000Z'], // the default: 90 days
    [{ reviewIntervalDays: 30 }, '2026-12-31T10:00:00.000Z'],
    [{ reviewCron: '0 9 1 */3 *' }, '2027-01-01T09:00:00.000Z'], // quarterly, on the 1st at 09:00
    [{ reviewCron: '0 10 * * MON' }, '2026-12-07T10:00:00.000Z'],
  ])('settings %j → %s', (settings, due) => {
    expect(nextReviewAt(readSettings(settings), NOW).toISOString()).toBe(due);
  });
});
