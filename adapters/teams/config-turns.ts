import { TeamsInfo, type TurnContext } from 'botbuilder';
import { CONFIG_USAGE, type MessageReply, parseConfigCommand, type Tenant } from '../../src/conversation/index.js';
import { card, type TextColor, text } from './cards/adaptive.js';
import { cardMessage } from './deliveries.js';
import { type MentionedAccount, type Word, wordsOf } from './mentions.js';
import { actorOf, type TeamsPorts } from './ports.js';
import { scopeOf } from './surfaces.js';
import type { TenantDirectory } from './tenant-directory.js';

/** `config …` as Teams people type it: mentions instead of Slack's #channels and user groups. */
export const TEAMS_CONFIG_USAGE = [
  'config show — the workspace settings',
  'config security-channel here — in the security team’s channel (mention keyplan there): approval requests go there',
  'config approvers @person … — who may approve plans (mention them)',
  'config require-approval on|off — every plan needs approval, not only hybrid ones',
  'config two-approvers CLASSIFICATION …|off — plans with that data need two approvers',
  'config approval-expiry 7d — how long a request waits',
  'config review-interval 90d — how often approved plans are reviewed',
  'config aws-role ARN [region]|off — the role **audit** assumes',
  'config admins @person … — who may change these settings (mention them)',
];

export const GROUPS_NOTE =
  'Teams cannot check group membership without Microsoft Graph, so keyplan treats approver groups as matching nobody here: name approvers as people (@mention them).';

const TONES: Record<MessageReply['tone'], TextColor> = {
  info: 'default',
  success: 'good',
  warning: 'warning',
  error: 'attention',
};

const CHANNEL_ID = /^19:[^\s]+@thread\.[a-z0-9]+$/i;

type Resolved = { ok: true; words: string[] } | { ok: false; message: string };

/**
 * `config …` in a Teams chat: mentions become the references the settings keep (`user:<Entra object
 * id>`, `channel:<conversation id>`, `group:<tag id>`), `here` is this chat, and the workspace's
 * admins change settings (everyone may look). The answer goes to the chat.
 */
export class ConfigTurns {
  constructor(
    private readonly ports: TeamsPorts,
    private readonly tenants: TenantDirectory,
  ) {}

  async run(context: TurnContext, tenant: Tenant): Promise<void> {
    const words = afterConfig(wordsOf(context.activity));
    const [first] = words;
    if (first?.kind === 'text' && ['help', '?'].includes(first.text.toLowerCase())) {
      await this.#answer(context, { type: 'message', tone: 'info', text: `keyplan's settings:\n${CONFIG_USAGE}` });
      return;
    }
    const resolved = await this.#resolve(context, tenant, words);
    if (!resolved.ok) {
      await this.#answer(context, { type: 'message', tone: 'warning', text: resolved.message });
      return;
    }
    const command = parseConfigCommand(resolved.words);
    const actor = actorOf(context.activity);
    const roles = await this.ports.workspaces.rolesOf(tenant, actor.userId, async () => false);
    const reply = await this.ports.workspaces.configure(tenant, { ...actor, roles }, command, (ref) =>
      this.#mention(context, tenant, ref),
    );
    const groups =
      (command.kind === 'change' &&
        command.change.kind === 'approvers' &&
        command.change.groups.length > 0 &&
        reply.tone === 'success') ||
      (command.kind === 'show' && (await this.ports.workspaces.settings(tenant)).approvers.groups.length > 0);
    await this.#answer(context, reply, groups ? [GROUPS_NOTE] : []);
  }

  async #answer(context: TurnContext, reply: MessageReply, notes: string[] = []): Promise<void> {
    // The shared usage names Slack's #channels; Teams people get theirs.
    const body = reply.text.endsWith(CONFIG_USAGE)
      ? `${reply.text.slice(0, -CONFIG_USAGE.length)}${TEAMS_CONFIG_USAGE.join('\n')}`
      : reply.text;
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    await context.sendActivity(
      cardMessage(
        card([
          ...lines.map((line, i) =>
            text(line, i === 0 ? { color: TONES[reply.tone] } : { spacing: 'none', size: 'small' }),
          ),
          ...notes.map((note) => text(note, { color: 'warning', spacing: 'medium' })),
        ]),
      ),
    );
  }

  /** Words → the references `parseConfigCommand` reads; a mention keyplan cannot place is an error. */
  async #resolve(context: TurnContext, tenant: Tenant, words: Word[]): Promise<Resolved> {
    const resolved: string[] = [];
    const setting = words[0]?.kind === 'text' ? words[0].text.toLowerCase() : '';
    for (const [index, word] of words.entries()) {
      if (word.kind === 'mention') {
        const ref = await this.#reference(context, tenant, word.account);
        if (!ref.ok) return ref;
        resolved.push(ref.ref);
        continue;
      }
      const typed = word.text;
      if (index > 0 && setting === 'security-channel' && typed.toLowerCase() === 'here') {
        const here = hereOf(context);
        if (!here) {
          return {
            ok: false,
            message:
              'A personal chat cannot be the security channel. Type `@keyplan config security-channel here` in the security team’s channel (or their group chat).',
          };
        }
        resolved.push(`channel:${here}`);
      } else if (index > 0 && CHANNEL_ID.test(typed)) {
        // A channel's or chat's id typed as it is (from a channel link): the same as `here` there.
        resolved.push(`channel:${typed}`);
      } else {
        // Words, and references typed as they are (`user:<Entra object id>`).
        resolved.push(typed);
      }
    }
    if (setting === 'security-channel' && !resolved.slice(1).some((word) => word.startsWith('channel:'))) {
      return {
        ok: false,
        message:
          'Say which channel: type `@keyplan config security-channel here` in the security team’s channel, and approval requests go there.',
      };
    }
    return { ok: true, words: resolved };
  }

  /**
   * A mention as a reference. People are kept by their Entra object id (what keyplan knows them by
   * when they click): from the mention, from their own messages, or from the conversation's member list.
   */
  async #reference(
    context: TurnContext,
    tenant: Tenant,
    account: MentionedAccount,
  ): Promise<{ ok: true; ref: string } | { ok: false; message: string }> {
    if (account.id.startsWith('19:')) return { ok: true, ref: `channel:${account.id.split(';')[0]}` };
    if (account.id.startsWith('28:')) return { ok: false, message: `${account.name} is a bot, not a person.` };
    const person = account.aadObjectId !== undefined || /^(29:|8:orgid:)/.test(account.id);
    if (!person) return { ok: true, ref: `group:${account.id}` };
    let aadObjectId = account.aadObjectId ?? this.tenants.actorIdOf(tenant, account.id);
    if (!aadObjectId) {
      try {
        aadObjectId = (await TeamsInfo.getMember(context, account.id)).aadObjectId;
      } catch (error) {
        this.ports.log(`keyplan teams: looking up ${account.id} failed: ${(error as Error).message}`);
      }
    }
    if (!aadObjectId) {
      return {
        ok: false,
        message: `keyplan could not find ${account.name}'s Microsoft Entra id, so nothing was changed. Mention them in a chat or channel they belong to, or ask them to send keyplan a message first.`,
      };
    }
    this.tenants.learnPerson(tenant, aadObjectId, account.id, account.name);
    return { ok: true, ref: `user:${aadObjectId}` };
  }

  /** How a reference reads in an answer: people by name, this chat as such, groups with their caveat. */
  #mention(context: TurnContext, tenant: Tenant, ref: string): string {
    const [kind, id = ''] = ref.split(/:(.*)/s);
    if (kind === 'user') {
      const name = this.tenants.nameOf(tenant, id);
      return name ? `**${name}**` : id;
    }
    if (kind === 'channel') {
      return id === hereOf(context)
        ? `this ${scopeOf(context.activity) === 'channel' ? 'channel' : 'chat'} (${id})`
        : id;
    }
    return `group ${id} (matches nobody in Teams)`;
  }
}

/** The words after `config` (a mention of keyplan, or a typed "keyplan", may come first). */
function afterConfig(words: Word[]): Word[] {
  const at = words.findIndex((word) => word.kind === 'text' && word.text.toLowerCase() === 'config');
  return at < 0 ? [] : words.slice(at + 1);
}

/**
 * The conversation this message came from, as approval requests reach it: a channel (its id without
 * the thread a message was posted in) or a group chat. A personal chat is not a team's channel.
 */
export function hereOf(context: TurnContext): string | undefined {
  const { activity } = context;
  const scope = scopeOf(activity);
  if (scope === 'personal') return undefined;
  if (scope === 'groupChat') return activity.conversation?.id;
  const channel = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  return typeof channel === 'string' && channel !== '' ? channel : activity.conversation?.id.split(';')[0];
}
