import type { Actor } from '../../flows/flow.js';
import type { MessageReply } from '../../flows/replies.js';
import { KeyplanError } from '../core/index.js';
import type { Store, Tenant } from '../store/index.js';
import { record } from './audit-log.js';
import type { ConfigCommand } from './config-command.js';
import {
  applyChange,
  describeSettings,
  readSettings,
  type SettingsChange,
  type WorkspaceSettings,
} from './workspace-settings.js';

/** Checks that keyplan can assume an AWS role (a dry STS call), built where the AWS SDK may be loaded. */
export type RoleCheck = (
  arn: string,
  region: string | undefined,
) => Promise<{ ok: true } | { ok: false; reason: string }>;

export interface WorkspacesOptions {
  /** Users who may change settings in any workspace, from keyplan's own configuration (KEYPLAN_ADMINS). */
  bootstrapAdmins?: readonly string[];
  checkRole?: RoleCheck;
}

/** Renders a reference (`user:U1`, `group:S1`, `channel:C1`) the way the platform shows it. */
export type Mention = (ref: string) => string;

const plainMention: Mention = (ref) => ref.replace(/^[a-z]+:/, '');

/** Roles the engine's flows check: approvers decide on plans, admins change settings. */
export const ROLES = { approver: 'approver', admin: 'workspace-admin' } as const;

function describeChange(change: SettingsChange): string {
  switch (change.kind) {
    case 'aws-role-off':
      return 'aws-role off';
    case 'security-channel':
      return `security-channel ${change.channelId}`;
    default:
      return change.kind;
  }
}

/**
 * A workspace's settings: who may change them, the changes (each audited, refused ones too), and the
 * roles a person holds in the workspace when they act.
 */
export class Workspaces {
  readonly #store: Store;
  readonly #bootstrap: ReadonlySet<string>;
  readonly #checkRole: RoleCheck | undefined;

  constructor(store: Store, options: WorkspacesOptions = {}) {
    this.#store = store;
    this.#bootstrap = new Set(options.bootstrapAdmins ?? []);
    this.#checkRole = options.checkRole;
  }

  async settings(tenant: Tenant): Promise<WorkspaceSettings> {
    const stored = await this.#store.settings.get(tenant);
    return readSettings(stored?.settings);
  }

  isAdmin(settings: WorkspaceSettings, actor: Actor): boolean {
    return (
      this.#bootstrap.has(actor.userId) ||
      settings.admins.includes(actor.userId) ||
      actor.roles?.includes(ROLES.admin) === true
    );
  }

  /**
   * The roles of a person now: approver when the settings name them or a group they belong to (asked
   * of the platform at the time of the click), and admin. `platformRoles` are what the platform said
   * (e.g. a Slack workspace admin).
   */
  async rolesOf(
    tenant: Tenant,
    userId: string,
    isMemberOf: (groupId: string) => Promise<boolean>,
    platformRoles: readonly string[] = [],
  ): Promise<string[]> {
    const settings = await this.settings(tenant);
    const roles = new Set(platformRoles);
    if (settings.approvers.users.includes(userId)) roles.add(ROLES.approver);
    else {
      for (const group of settings.approvers.groups) {
        if (await isMemberOf(group)) {
          roles.add(ROLES.approver);
          break;
        }
      }
    }
    if (this.isAdmin(settings, { userId, roles: [...roles] })) roles.add(ROLES.admin);
    return [...roles];
  }

  /** What `/keyplan audit [region]` runs with here: the workspace's role and region when it set one. */
  async auditRequest(tenant: Tenant, region?: string): Promise<{ region?: string; roleArn?: string }> {
    const { awsRole } = await this.settings(tenant);
    const chosen = region ?? awsRole?.region;
    return { ...(chosen ? { region: chosen } : {}), ...(awsRole ? { roleArn: awsRole.arn } : {}) };
  }

  /** Runs `config …` for an actor: shows the settings, or changes them when the actor is an admin. */
  async configure(
    tenant: Tenant,
    actor: Actor,
    command: ConfigCommand,
    mention: Mention = plainMention,
  ): Promise<MessageReply> {
    if (command.kind === 'error') return { type: 'message', tone: 'warning', text: command.message };
    const settings = await this.settings(tenant);
    if (command.kind === 'show') {
      return { type: 'message', tone: 'info', text: describeSettings(settings, mention).join('\n') };
    }
    if (!this.isAdmin(settings, actor)) {
      await this.#store.withLock(tenant, 'settings', (tx) =>
        record(tx, tenant, {
          actor: actor.userId,
          kind: 'config.refused',
          subject: 'settings',
          data: { change: describeChange(command.change) },
        }),
      );
      return {
        type: 'message',
        tone: 'warning',
        text: 'Only workspace admins may change keyplan’s settings; nothing was changed. An admin can add you with config admins.',
      };
    }
    const { change } = command;
    if (change.kind === 'aws-role') {
      const check = this.#checkRole ? await this.#checkRole(change.arn, change.region) : { ok: true as const };
      if (!check.ok) {
        return {
          type: 'message',
          tone: 'error',
          text: `keyplan cannot assume ${change.arn}: ${check.reason}. Nothing was changed.`,
        };
      }
    }
    await this.#save(tenant, actor, change);
    const updated = await this.settings(tenant);
    return {
      type: 'message',
      tone: 'success',
      text: `Saved. ${describeSettings(updated, mention).join('\n')}`,
    };
  }

  /** Saves one change with compare-and-set and records it in the audit trail, both or neither. */
  async #save(tenant: Tenant, actor: Actor, change: SettingsChange): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.#store.withLock(tenant, 'settings', async (tx) => {
          const stored = await tx.settings.get(tenant);
          const next = applyChange(readSettings(stored?.settings), change);
          await tx.settings.save(tenant, stored?.version ?? 0, next, actor.userId);
          await record(tx, tenant, {
            actor: actor.userId,
            kind: 'config.changed',
            subject: 'settings',
            data: { change },
          });
        });
        return;
      } catch (error) {
        if (!(error instanceof KeyplanError && error.code === 'STORE_CONFLICT')) throw error;
      }
    }
    throw new KeyplanError('STORE_CONFLICT', 'the workspace settings kept changing; try again');
  }
}
