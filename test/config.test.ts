import { describe, expect, it } from 'vitest';
import { hasPlatform, loadConfig } from '../src/config.js';
import { KeyplanError } from '../src/core/errors.js';

function configError(env: Record<string, string>): KeyplanError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof KeyplanError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration from the environment', () => {
  it('defaults to SQLite on port 3000 with no chat platform (the terminal interview)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: 'sqlite:./data/keyplan.db', port: 3000, slack: null, teams: null });
    expect(hasPlatform(config)).toBe(false);
  });

  it('turns Slack on with the signing secret and bot token, Socket Mode with the app token', () => {
    const http = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(http.slack).toEqual({ signingSecret: 's', botToken: 'xoxb-1' });
    const socket = loadConfig({
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
    });
    expect(socket.slack).toEqual({
      signingSecret: 's',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9999/api/',
    });
    expect(hasPlatform(socket)).toBe(true);
    // Tokens are masked wherever keyplan prints text.
    expect(socket.secrets).toEqual(expect.arrayContaining(['s', 'xoxb-1', 'xapp-1']));
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET', /missing/],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN', /missing/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN', /bot token \(xoxb-/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN', /also needs SLACK_SIGNING_SECRET/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN', /xapp-/],
    [{ SLACK_API_URL: 'slack.com' }, 'SLACK_API_URL', /http\(s\) URL/],
    [{ PORT: 'eighty' }, 'PORT', /port number/],
    [{ PORT: '70000' }, 'PORT', /65535/],
    [{ TEAMS_ENABLED: 'maybe' }, 'TEAMS_ENABLED', /true or false/],
    [{ MicrosoftAppId: 'app' }, 'MicrosoftAppPassword', /missing/],
    [
      { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId',
      /tenant id/,
    ],
    [{ MicrosoftAppType: 'Global' }, 'MicrosoftAppType', /MultiTenant, SingleTenant or UserAssignedMSI/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /sqlite:/],
  ])('refuses %j, naming %s', (env, variable, message) => {
    const error = configError(env);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues[0]?.path).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('turns Teams on without credentials for a local trial, or with an app id and password', () => {
    expect(loadConfig({ TEAMS_ENABLED: 'true' }).teams).toEqual({ appType: 'MultiTenant' });
    expect(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).teams).toEqual({
      appType: 'MultiTenant',
      appId: 'id',
      appPassword: 'pw',
    });
    expect(
      loadConfig({ MicrosoftAppId: 'id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }).teams,
    ).toEqual({
      appType: 'UserAssignedMSI',
      appId: 'id',
      tenantId: 't',
    });
  });
});
