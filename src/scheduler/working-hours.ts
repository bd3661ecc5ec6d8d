/**
 * Reminders reach people on weekdays between 09:00 and 17:00 of their own time zone. Pure: the time
 * zone's rules come from the runtime's Intl data.
 */
export const WORKING_HOURS = { start: 9, end: 17 } as const;

function localParts(at: Date, timeZone: string): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(
    parts.find((p) => p.type === 'weekday')?.value ?? '',
  );
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  return { weekday, hour };
}

/** A time zone the runtime knows, or undefined (an unknown or missing one means the server's UTC). */
export function knownTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

export function withinWorkingHours(at: Date, timeZone = 'UTC'): boolean {
  const { weekday, hour } = localParts(at, timeZone);
  return weekday >= 1 && weekday <= 5 && hour >= WORKING_HOURS.start && hour < WORKING_HOURS.end;
}

/** `at` itself when within working hours, else the first whole hour that is (at most a week on). */
export function nextWorkingTime(at: Date, timeZone = 'UTC'): Date {
  if (withinWorkingHours(at, timeZone)) return at;
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  for (let step = 1; step <= 24 * 8; step++) {
    const candidate = new Date(hour.getTime() + step * 3_600_000);
    if (withinWorkingHours(candidate, timeZone)) return candidate;
  }
  return at;
}
