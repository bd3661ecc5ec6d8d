import type { Config } from '../../config.js';
import type { PlatformContext, PlatformServer } from './platform.js';
import { startSlack } from './slack.js';
import { startTeams } from './teams.js';

/** Builds one platform from its configuration; `keyplan serve` calls those whose credentials are set. */
export type PlatformStarter = (config: Config, context: PlatformContext) => Promise<PlatformServer>;

/** The platforms this build of keyplan can serve. */
export const PLATFORMS: Record<'slack' | 'teams', PlatformStarter> = { slack: startSlack, teams: startTeams };
