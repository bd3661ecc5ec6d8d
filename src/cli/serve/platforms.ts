import type { Config } from '../../config.js';
import type { PlatformContext, PlatformServer } from './platform.js';
import { startSlack } from './slack.js';

/** Builds one platform from its configuration; `keyplan serve` calls those whose credentials are set. */
export type PlatformStarter = (config: Config, context: PlatformContext) => Promise<PlatformServer>;

/** The platforms this build of keyplan can serve. */
export const PLATFORMS: Partial<Record<'slack' | 'teams', PlatformStarter>> = { slack: startSlack };
