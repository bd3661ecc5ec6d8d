import { createTeamsApp } from '../../../adapters/teams/index.js';
import type { Config } from '../../config.js';
import { KeyplanError } from '../../core/errors.js';
import type { PlatformContext, PlatformServer } from './platform.js';

const LOUD = '*'.repeat(78);

/** Teams on the shared server: POST /api/messages (and the file downloads its cards link to). */
export async function startTeams(config: Config, context: PlatformContext): Promise<PlatformServer> {
  if (!config.teams) throw new KeyplanError('INTERNAL', 'startTeams was called without Teams configuration');
  const app = createTeamsApp(config.teams, {
    engine: context.engine,
    plans: context.plans,
    workspaces: context.workspaces,
    audit: context.audit,
    log: context.log,
  });
  if (!app.authenticated) {
    for (const line of [
      LOUD,
      'keyplan serve: Teams is running WITHOUT AUTHENTICATION (TEAMS_ENABLED=true, no MicrosoftAppId).',
      'keyplan serve: anyone who can reach POST /api/messages can act as any Teams user of any tenant.',
      'keyplan serve: this is for local trials (the Microsoft 365 Agents Playground) only; set MicrosoftAppId,',
      'keyplan serve: MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId before Teams reaches it.',
      LOUD,
    ]) {
      context.log(line);
    }
  }
  return {
    name: 'teams',
    routes: app.routes,
    sink: app.sink,
    start: async () => undefined,
    stop: () => app.idle(),
  };
}
