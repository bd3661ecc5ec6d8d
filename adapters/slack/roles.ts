import type { webApi } from '@slack/bolt';
import { ROLES, type Tenant } from '../../src/conversation/index.js';
import type { SlackPorts } from './ports.js';
import { slackErrorOf } from './poster.js';

/**
 * Who someone is in a workspace at the moment they act: approver when the settings name them or a
 * user group Slack says they belong to now (usergroups.users.list), admin when the settings or
 * keyplan's configuration name them, or — for settings only — when Slack says they administer the
 * workspace (users.info). Nothing is cached: a person removed from the group cannot decide a minute later.
 */
export class SlackRoles {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly workspaces: SlackPorts['workspaces'],
    private readonly log: (line: string) => void,
  ) {}

  /** The roles of `userId` now; `slackAdmin` also asks Slack whether they are a workspace admin or owner. */
  async of(tenant: Tenant, userId: string, options: { slackAdmin?: boolean } = {}): Promise<string[]> {
    const platformRoles = options.slackAdmin && (await this.#isSlackAdmin(userId)) ? [ROLES.admin] : [];
    return this.workspaces.rolesOf(tenant, userId, (groupId) => this.#inGroup(groupId, userId), platformRoles);
  }

  async #inGroup(groupId: string, userId: string): Promise<boolean> {
    try {
      const answer = await this.client.usergroups.users.list({ usergroup: groupId });
      return (answer.users ?? []).includes(userId);
    } catch (error) {
      this.log(
        `keyplan: Slack did not list the members of user group ${groupId} (${slackErrorOf(error) ?? (error as Error).message}); ${userId} is not counted as one`,
      );
      return false;
    }
  }

  async #isSlackAdmin(userId: string): Promise<boolean> {
    try {
      const answer = await this.client.users.info({ user: userId });
      return answer.user?.is_admin === true || answer.user?.is_owner === true;
    } catch (error) {
      this.log(`keyplan: Slack did not describe user ${userId} (${slackErrorOf(error) ?? (error as Error).message})`);
      return false;
    }
  }
}
