/** The Microsoft Teams adapter: keyplan's conversations as Adaptive Cards through botbuilder's CloudAdapter. */

export { FILES_PATH } from './files/links.js';
export type { TeamsPorts } from './ports.js';
export { createTeamsApp, MESSAGES_PATH, type TeamsApp, type TeamsSettings } from './teams-app.js';
