import { knownTimeZone } from '../scheduler/working-hours.js';
import type { Store, Tenant } from '../store/index.js';

const REWRITE_AFTER_MS = 3_600_000;
const MAX_CACHED = 10_000;

/** How a platform says where a person is: Slack's users.info `tz`; undefined when it cannot say. */
export type TimeZoneLookup = (tenant: Tenant, userId: string) => Promise<string | undefined>;

/**
 * People's time zones, so reminders reach them in working hours. What a platform told keyplan (Slack's
 * users.info, Teams' `localTimezone` on each activity) is kept in the store: every replica, and the
 * next start, knows it without asking again.
 */
export class TimeZones {
  /** What this replica wrote lately: an hour's grace before writing the same zone again. */
  readonly #written = new Map<string, { zone: string; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly lookups: Partial<Record<Tenant['platform'], TimeZoneLookup>> = {},
  ) {}

  /** Connects a platform's lookup (adapters are built after this). */
  attach(platform: Tenant['platform'], lookup: TimeZoneLookup): void {
    this.lookups[platform] = lookup;
  }

  /** Records a time zone an activity carried; a write only when it changed. Unknown zones are ignored. */
  async remember(tenant: Tenant, userId: string, timeZone: string | undefined): Promise<void> {
    const zone = knownTimeZone(timeZone);
    if (!zone) return;
    const key = `${tenant.platform}:${tenant.workspace}:${userId}`;
    const written = this.#written.get(key);
    if (written?.zone === zone && Date.now() - written.at < REWRITE_AFTER_MS) return;
    await this.store.people.setTimeZone(tenant, userId, zone);
    if (this.#written.size >= MAX_CACHED) this.#written.clear();
    this.#written.set(key, { zone, at: Date.now() });
  }

  /** The person's time zone: stored, else asked of the platform (and stored); undefined means UTC. */
  async of(tenant: Tenant, userId: string): Promise<string | undefined> {
    const stored = knownTimeZone(await this.store.people.timeZone(tenant, userId));
    if (stored) return stored;
    const lookup = this.lookups[tenant.platform];
    if (!lookup) return undefined;
    const asked = knownTimeZone(await lookup(tenant, userId).catch(() => undefined));
    if (asked) await this.remember(tenant, userId, asked);
    return asked;
  }
}
