import { randomUUID } from 'node:crypto';
import type { StoredView } from './fake-slack.js';

/**
 * Slack's payloads in their documented shapes (slash command, block_actions, view_submission,
 * view_closed, app_home_opened), built from what a user sees: the views the fake recorded.
 */

export interface Who {
  team: string;
  user: string;
  enterprise?: string;
}

export const triggerId = () => `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().slice(0, 8)}`;

export function slashCommand(
  who: Who,
  fields: { text: string; channel: string; responseUrl: string; trigger?: string },
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: who.team,
    team_domain: 'fake',
    ...(who.enterprise ? { enterprise_id: who.enterprise, enterprise_name: 'Fake Grid' } : {}),
    channel_id: fields.channel,
    channel_name: 'security',
    user_id: who.user,
    user_name: who.user.toLowerCase(),
    command: '/keyplan',
    text: fields.text,
    api_app_id: 'AKEYPLAN',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.trigger ?? triggerId(),
  };
}

function team(who: Who) {
  return {
    team: { id: who.team, domain: 'fake' },
    user: { id: who.user, username: who.user.toLowerCase(), name: who.user.toLowerCase(), team_id: who.team },
    enterprise: who.enterprise ? { id: who.enterprise, name: 'Fake Grid' } : null,
    is_enterprise_install: false,
    api_app_id: 'AKEYPLAN',
    token: 'deprecated-verification-token',
  };
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A view as a payload carries it: what was rendered, with the state of its inputs. */
function viewPayload(view: StoredView, values: StateValues, who: Who) {
  return {
    ...view,
    team_id: who.team,
    app_id: 'AKEYPLAN',
    bot_id: 'BKEYPLAN',
    root_view_id: view.id,
    previous_view_id: null,
    clear_on_close: false,
    external_id: '',
    state: { values },
  };
}

export function viewSubmission(who: Who, view: StoredView, values: StateValues, trigger = triggerId()) {
  return {
    type: 'view_submission',
    ...team(who),
    trigger_id: trigger,
    view: viewPayload(view, values, who),
    response_urls: [],
  };
}

export function viewClosed(who: Who, view: StoredView, values: StateValues = {}) {
  return { type: 'view_closed', ...team(who), view: viewPayload(view, values, who), is_cleared: false };
}

export type PressedElement =
  | { type: 'button'; action_id: string; block_id: string; value?: string }
  | { type: 'overflow' | 'static_select'; action_id: string; block_id: string; selected_option: { value: string } };

/** A button or menu pressed in a modal (or the Home tab). */
export function viewAction(
  who: Who,
  view: StoredView,
  element: PressedElement,
  values: StateValues = {},
  trigger = triggerId(),
) {
  return {
    type: 'block_actions',
    ...team(who),
    container: { type: 'view', view_id: view.id },
    trigger_id: trigger,
    view: viewPayload(view, values, who),
    actions: [
      {
        ...element,
        action_ts: `${Date.now() / 1000}`,
        ...(element.type === 'button' ? { text: { type: 'plain_text', text: 'x' } } : {}),
      },
    ],
  };
}

/** A button pressed on a message in a channel. */
export function messageAction(
  who: Who,
  message: { channel: string; ts: string; thread_ts?: string },
  element: PressedElement,
  responseUrl: string,
  trigger = triggerId(),
) {
  return {
    type: 'block_actions',
    ...team(who),
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: trigger,
    channel: { id: message.channel, name: 'security' },
    message: {
      type: 'message',
      ts: message.ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      text: '',
    },
    response_url: responseUrl,
    actions: [{ ...element, action_ts: `${Date.now() / 1000}` }],
  };
}

export function appHomeOpened(who: Who, eventId = `Ev${randomUUID().slice(0, 10)}`) {
  return {
    token: 'deprecated-verification-token',
    team_id: who.team,
    api_app_id: 'AKEYPLAN',
    event: {
      type: 'app_home_opened',
      user: who.user,
      channel: `D${who.user.slice(1)}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: who.enterprise ?? null,
        team_id: who.team,
        user_id: 'UKEYPLANBOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  };
}
