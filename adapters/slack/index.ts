/** The Slack adapter: `/keyplan`, the interview in modals, plans in Block Kit, App Home, HTTP and Socket Mode. */
export { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './app.js';
export { escapeMrkdwn } from './mrkdwn.js';
export type { SlackPorts } from './ports.js';
