import { createSlackAdapter } from '../../../adapters/slack/index.js';
import type { Config } from '../../config.js';
import { KeyplanError } from '../../core/errors.js';
import type { PlatformContext, PlatformServer } from './platform.js';

/**
 * Slack for `keyplan serve`: HTTP at POST /slack/events (signature checked on every request), or Socket
 * Mode when SLACK_APP_TOKEN is set. The bot token is checked with Slack before the server listens.
 */
export async function startSlack(config: Config, context: PlatformContext): Promise<PlatformServer> {
  const slack = config.slack;
  if (!slack) throw new KeyplanError('CONFIG_INVALID', 'keyplan serve: Slack is not configured');
  const adapter = await createSlackAdapter({
    botToken: slack.botToken,
    signingSecret: slack.signingSecret,
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ports: {
      engine: context.engine,
      plans: context.plans,
      workspaces: context.workspaces,
      audit: context.audit,
      log: context.log,
    },
  });
  const handler = adapter.handleEvents;
  return {
    name: 'slack',
    routes: handler ? { '/slack/events': handler } : {},
    sink: adapter.sink,
    start: async () => {
      await adapter.start();
      context.log(
        adapter.mode === 'socket'
          ? 'keyplan serve: Slack connected over Socket Mode'
          : 'keyplan serve: Slack listens at POST /slack/events',
      );
    },
    stop: () => adapter.stop(),
  };
}
