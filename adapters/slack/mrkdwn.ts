import type { types } from '@slack/bolt';

/**
 * Text for Block Kit. Everything a user typed goes into mrkdwn escaped (`&`, `<`, `>`) and with
 * `verbatim`, so a name cannot ping @channel, mention someone, or fake a link; plain_text is not parsed
 * by Slack at all. Every text is cut to the length its place allows.
 */

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts text to `max` characters, ending with an ellipsis when it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** A plain_text object (never parsed for mentions or links), cut to `max`. */
export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text.trim() === '' ? ' ' : text, max), emoji: true };
}

/**
 * A mrkdwn object from markup the caller composed (already escaped where it holds user text), cut to
 * `max`. `verbatim` stops Slack from turning bare names, URLs and `@channel` into links or mentions.
 */
export function md(markup: string, max: number): types.MrkdwnElement {
  return { type: 'mrkdwn', text: cutMarkup(markup, max), verbatim: true };
}

/**
 * Cuts escaped markup without splitting an entity (`&amp;`) in half, and closes a code block it cut
 * through, so the cut text still renders.
 */
export function cutMarkup(markup: string, max: number): string {
  if (markup.length <= max) return markup;
  let cut = markup.slice(0, max - 5);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const fences = cut.split('```').length - 1;
  return fences % 2 === 1 ? `${cut}…\n\`\`\`` : `${cut}…`;
}

/** `*bold*` of user text. */
export const bold = (text: string) => `*${escapeMrkdwn(text)}*`;

/** A channel reference Slack renders as a link, for ids we were given by Slack itself. */
export function channelRef(channelId: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** A user reference Slack renders as a name, for ids we were given by Slack itself. */
export function userRef(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
