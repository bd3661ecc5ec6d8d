import type { types } from '@slack/bolt';
import {
  CONFIG_USAGE,
  type ConfigCommand,
  type Mention,
  type MessageReply,
  parseConfigCommand,
  type Tenant,
} from '../../src/conversation/index.js';
import { TONE_ICON } from './blocks.js';
import { LIMITS } from './limits.js';
import { channelRef, escapeMrkdwn, md, userRef } from './mrkdwn.js';
import type { SlackPorts } from './ports.js';
import type { SlackRoles } from './roles.js';

/**
 * `/keyplan config …`: Slack's mentions (the command escapes them: `<#C123|name>`, `<@U123|name>`,
 * `<!subteam^S123|@handle>`) become the references keyplan's settings take (`channel:C123`,
 * `user:U123`, `group:S123`); the answer names them back as mentions, only to who asked.
 */

const SLACK_REFERENCES: [RegExp, string][] = [
  [/^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/, 'channel'],
  [/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/, 'user'],
  [/^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/, 'group'],
];

/** The words of a config command, each Slack mention turned into a reference; commas between them dropped. */
export function configWords(text: string): string[] {
  const words = text.match(/<[^>]*>|[^\s<]+/g) ?? [];
  return words
    .map((word) => word.replace(/^,+|,+$/g, ''))
    .filter((word) => word !== '')
    .map((word) => {
      for (const [pattern, kind] of SLACK_REFERENCES) {
        const id = pattern.exec(word)?.[1];
        if (id) return `${kind}:${id}`;
      }
      return word;
    });
}

/** A typed `@name` or `#name` Slack did not turn into a mention (picked without its suggestions). */
function unlinked(words: readonly string[]): string | undefined {
  return words.slice(1).find((word) => /^[@#]\S/.test(word));
}

// References travel through the settings' text between markers, so the text is escaped as a whole
// and only the references become mentions.
const MARK = '\u0001';
const marked: Mention = (ref) => `${MARK}${ref}${MARK}`;

function slackMention(kind: string, id: string): string {
  if (kind === 'user') return userRef(id);
  if (kind === 'channel') return channelRef(id);
  if (kind === 'group' && /^S[A-Z0-9]+$/.test(id)) return `<!subteam^${id}>`;
  return id;
}

/** The answer's text as mrkdwn: escaped, references as mentions, `config …` usage lines as commands. */
export function configMarkup(text: string): string {
  return escapeMrkdwn(text)
    .replace(new RegExp(`${MARK}([a-z]+):([^${MARK}]+)${MARK}`, 'g'), (_all, kind: string, id: string) =>
      slackMention(kind, id),
    )
    .split('\n')
    .map((line) => {
      const usage = /^(config [^—]+?) — (.+)$/.exec(line);
      return usage ? `\`/keyplan ${usage[1]}\` — ${usage[2]}` : line;
    })
    .join('\n');
}

export function configBlocks(reply: MessageReply): { text: string; blocks: types.KnownBlock[] } {
  const markup = configMarkup(reply.text);
  return {
    text: markup.split('\n')[0] ?? 'keyplan settings',
    blocks: [{ type: 'section', text: md(`${TONE_ICON[reply.tone]} ${markup}`, LIMITS.sectionText) }],
  };
}

const INVITE_HINT =
  'Invite keyplan to the security channel (`/invite @keyplan` there) so it can post approval requests in it.';

/** Runs `/keyplan config <text>` for a user and says what happened, in Slack's words. */
export async function runConfigCommand(
  deps: { ports: SlackPorts; roles: SlackRoles },
  tenant: Tenant,
  userId: string,
  text: string,
): Promise<{ text: string; blocks: types.KnownBlock[] }> {
  const words = configWords(text);
  if (words[0]?.toLowerCase() === 'help') {
    return configBlocks({
      type: 'message',
      tone: 'info',
      text: `keyplan's settings for this workspace:\n${CONFIG_USAGE}`,
    });
  }
  const command: ConfigCommand = parseConfigCommand(words);
  const typed = command.kind === 'error' ? unlinked(words) : undefined;
  if (typed) {
    return configBlocks({
      type: 'message',
      tone: 'warning',
      text: `Slack sent "${typed}" as plain text, not as a mention: pick the person, group or channel from Slack's suggestions while typing, so keyplan gets its id. Nothing was changed.`,
    });
  }
  // Only changes need to know who is asking; the settings are shown to anyone in the workspace.
  const roles = command.kind === 'change' ? await deps.roles.of(tenant, userId, { slackAdmin: true }) : [];
  const reply = await deps.ports.workspaces.configure(tenant, { userId, roles }, command, marked);
  const answer = configBlocks(reply);
  if (command.kind === 'change' && command.change.kind === 'security-channel' && reply.tone === 'success') {
    answer.blocks.push({ type: 'context', elements: [md(INVITE_HINT, LIMITS.contextText)] });
  }
  return answer;
}
