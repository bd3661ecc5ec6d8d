import type { types, webApi } from '@slack/bolt';
import type { Attachment } from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { channelRef, escapeMrkdwn, md, userRef } from './mrkdwn.js';

/**
 * Posting to Slack with what goes wrong in real workspaces handled: the bot is not in the channel (or
 * cannot see it), so the answer goes through the command's response_url or a direct message and says
 * how to invite the bot; files go into the message's thread, small ones as a code block instead.
 */

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Posts an ephemeral answer through a command's response_url (Bolt's `respond`). */
export type Respond = (message: {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks?: types.KnownBlock[];
  replace_original?: boolean;
}) => Promise<unknown>;

export interface Destination {
  /** The channel to post in; absent: the user's direct messages with keyplan. */
  channel?: string;
  /** Who asked: the direct message goes to them (and without a channel, the message itself). */
  userId?: string;
  respond?: Respond;
}

export interface Posted {
  channel: string;
  ts: string;
  /** True when the channel refused the bot and the message went to the user's direct messages. */
  redirected: boolean;
}

/** Errors Slack gives when the bot may not post in a channel: the fallback takes over. */
export const CANNOT_POST: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'access_denied',
]);

/** Slack's own error code of a failed Web API call (e.g. `not_in_channel`). */
export function slackErrorOf(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** How much text goes into a code block before it becomes a file. */
export const CODE_BLOCK_MAX = 2_800;

export class SlackPoster {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly botUserId: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** How to let keyplan into a channel, in words Slack renders. */
  inviteHint(channel: string): string {
    // A direct message between people cannot take a bot: there is nothing to invite it to.
    if (channel.startsWith('D')) return 'keyplan cannot post in that direct message conversation.';
    const bot = this.botUserId ? userRef(this.botUserId) : '@keyplan';
    return `keyplan cannot post in ${channelRef(channel)}. Invite it with \`/invite ${bot}\` in that channel to have it post there.`;
  }

  async #postTo(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }> {
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { channel: String(result.channel ?? channel), ts: String(result.ts) };
  }

  /**
   * Posts a message where it was asked for, and its files in its thread. When the channel refuses the
   * bot, the user gets it in their direct messages, and is told why through the response_url (or at the
   * top of the direct message).
   */
  async post(
    to: Destination,
    message: SlackMessage,
    files: readonly Attachment[] = [],
    mode: FileMode = 'auto',
  ): Promise<Posted> {
    let posted: Posted | undefined;
    if (to.channel) {
      try {
        posted = { ...(await this.#postTo(to.channel, message)), redirected: false };
      } catch (error) {
        const code = slackErrorOf(error);
        if (!code || !CANNOT_POST.has(code) || !to.userId) throw error;
        posted = await this.#redirect(to.userId, to, to.channel, message);
      }
    } else if (to.userId) {
      posted = { ...(await this.#postTo(to.userId, message)), redirected: false };
    } else {
      throw new Error('a Slack post needs a channel or a user');
    }
    await this.attach(posted.channel, posted.ts, files, mode);
    return posted;
  }

  async #redirect(userId: string, to: Destination, channel: string, message: SlackMessage): Promise<Posted> {
    const hint = this.inviteHint(channel);
    const told = to.respond
      ? await to
          .respond({
            response_type: 'ephemeral',
            text: `${hint} Meanwhile it is in your direct messages with keyplan.`,
          })
          .then(
            () => true,
            () => false,
          )
      : false;
    const note: types.KnownBlock[] = told ? [] : [{ type: 'context', elements: [md(`ℹ️ ${hint}`, LIMITS.contextText)] }];
    const dm = await this.#postTo(userId, {
      text: message.text,
      blocks: [...note, ...message.blocks].slice(0, LIMITS.blocksPerMessage),
    });
    return { ...dm, redirected: true };
  }

  /**
   * Files into a message's thread: each as a code block when it is small and `mode` allows, else
   * uploaded (files.uploadV2). A failed upload is reported in the thread rather than lost.
   */
  async attach(channel: string, threadTs: string, files: readonly Attachment[], mode: FileMode): Promise<void> {
    if (files.length === 0) return;
    const inline =
      mode === 'auto' &&
      files.length <= 2 &&
      files.every((file) => !file.content.includes('```') && codeBlock(file).length <= CODE_BLOCK_MAX);
    if (inline) {
      for (const file of files) {
        await this.#postTo(
          channel,
          {
            text: escapeMrkdwn(file.title),
            blocks: [{ type: 'section', text: md(codeBlock(file), LIMITS.sectionText) }],
          },
          threadTs,
        );
      }
      return;
    }
    try {
      await this.client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        file_uploads: files.map((file) => ({ content: file.content, filename: file.filename, title: file.title })),
      });
    } catch (error) {
      this.log(
        `keyplan: Slack upload of ${files.map((f) => f.filename).join(', ')} failed: ${slackErrorOf(error) ?? (error as Error).message}`,
      );
      await this.#postTo(
        channel,
        {
          text: 'The files could not be attached',
          blocks: [
            {
              type: 'section',
              text: md(
                `⚠️ keyplan could not attach ${escapeMrkdwn(files.map((f) => f.filename).join(', '))} (${escapeMrkdwn(slackErrorOf(error) ?? 'upload failed')}). Run \`/keyplan plan\` to try again.`,
                LIMITS.sectionText,
              ),
            },
          ],
        },
        threadTs,
      ).catch(() => undefined);
    }
  }
}

/** `auto`: small files as code blocks; `upload`: always as files. */
export type FileMode = 'auto' | 'upload';

/** A file as a titled code block (its text escaped, since code blocks are still mrkdwn). */
export function codeBlock(file: Attachment): string {
  return `*${escapeMrkdwn(file.title)}* (${escapeMrkdwn(file.filename)})\n\`\`\`\n${escapeMrkdwn(file.content.trimEnd())}\n\`\`\``;
}
