import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ReplySink } from '../../src/conversation/index.js';
import { Background } from './background.js';
import { TeamsBot } from './bot.js';
import { ConfigTurns } from './config-turns.js';
import { cardMessage, DeliveryCards, noticeCard } from './deliveries.js';
import { FILES_PATH, FileLinks } from './files/links.js';
import { messagesHandler, type RequestHandler } from './http-bridge.js';
import { InterviewTurns } from './interview-turns.js';
import { errorResponse } from './invoke.js';
import { type TeamsPorts, UNEXPECTED_TEXT } from './ports.js';
import { CardPresses } from './presses.js';
import { TeamsReplySink } from './reply-sink.js';
import { TenantDirectory } from './tenant-directory.js';

/** The bot's registration, as `src/config.ts` read it (MicrosoftAppId, MicrosoftAppPassword, …). */
export interface TeamsSettings {
  /** Empty for a local trial: authentication is then off. */
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
}

export const MESSAGES_PATH = '/api/messages';

export interface TeamsApp {
  /** POST /api/messages, and the file downloads the cards link to. */
  routes: Record<string, RequestHandler>;
  sink: ReplySink;
  /** False when no app id is configured: every request is taken as it comes. */
  authenticated: boolean;
  /** Resolves when the work turns left running (audits, card updates) is done. */
  idle(): Promise<void>;
}

/**
 * keyplan on Teams through botbuilder's CloudAdapter. botbuilder (CommonJS, archived by Microsoft in
 * favour of the Teams SDK) is used only inside adapters/teams, behind the conversation contract's
 * ports, so moving to another SDK touches this folder alone.
 */
export function createTeamsApp(settings: TeamsSettings, ports: TeamsPorts): TeamsApp {
  const authenticated = Boolean(settings.appId);
  const auth = new ConfigurationBotFrameworkAuthentication({
    ...(settings.appId ? { MicrosoftAppId: settings.appId } : {}),
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.appId ? { MicrosoftAppType: settings.appType } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
  });
  const adapter = new CloudAdapter(auth);
  const background = new Background(ports.log);
  const files = new FileLinks({ secret: settings.appPassword, plans: ports.plans });
  const tenants = new TenantDirectory(settings.appId);
  const cards = new DeliveryCards(files, tenants);
  const sink = new TeamsReplySink(adapter, settings.appId, cards, tenants);
  const interview = new InterviewTurns(ports, cards, sink, background);
  const presses = new CardPresses(ports, cards);
  const config = new ConfigTurns(ports, tenants);
  const bot = new TeamsBot(ports, interview, presses, config, cards, sink, tenants, background);

  // A turn that throws tells the person instead of leaving them waiting; the log has the details.
  adapter.onTurnError = async (context, error) => {
    ports.log(
      `keyplan teams: a turn failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (context.activity.type === 'invoke') {
      await context.sendActivity(errorResponse(500, UNEXPECTED_TEXT));
    } else if (context.activity.type === 'message') {
      await context.sendActivity(cardMessage(noticeCard(UNEXPECTED_TEXT, 'attention')));
    }
  };

  return {
    routes: {
      [MESSAGES_PATH]: messagesHandler(adapter, (context, inbound) => bot.run(context, inbound)),
      [FILES_PATH]: (request, response) => files.handle(request, response),
    },
    sink,
    authenticated,
    idle: () => background.idle(),
  };
}
