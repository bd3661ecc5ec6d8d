import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** Someone (or a channel, or a tag) @mentioned in a Teams message, as its mention entity names them. */
export interface MentionedAccount {
  id: string;
  name: string;
  aadObjectId?: string;
}

export type Word = { kind: 'text'; text: string } | { kind: 'mention'; account: MentionedAccount };

const MentionEntity = z.object({
  type: z.literal('mention'),
  text: z.string().max(1000).optional(),
  mentioned: z
    .object({
      id: z.string().min(1).max(1000),
      name: z.string().max(1000).optional(),
      aadObjectId: z.string().max(100).optional(),
    })
    .passthrough(),
});
type Mention = z.infer<typeof MentionEntity>;

const MARK = '\u0001';

function mentionsOf(activity: Partial<Activity>): Mention[] {
  return (activity.entities ?? []).flatMap((entity) => {
    const parsed = MentionEntity.safeParse(entity);
    return parsed.success ? [parsed.data] : [];
  });
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A message's words with each `<at>…</at>` replaced by the account its mention entity names. Teams
 * splits a name with spaces into one `<at>` per part (each with an entity of the same id): adjacent
 * mentions of one account are one mention. The bot's own mention is left out.
 */
export function wordsOf(activity: Partial<Activity>): Word[] {
  const entities = mentionsOf(activity);
  const used = new Set<number>();
  const accounts: MentionedAccount[] = [];
  const marked = (activity.text ?? '').replace(/<at[^>]*>(.*?)<\/at>/gis, (tag: string, inner: string) => {
    const plain = plainText(inner).trim();
    const byText = (i: number) => entities[i]?.text?.trim() === tag.trim();
    const byName = (i: number) => plainText(entities[i]?.mentioned.name ?? '').trim() === plain;
    const indexes = entities.map((_, i) => i);
    const found =
      indexes.find((i) => !used.has(i) && byText(i)) ??
      indexes.find((i) => byText(i)) ??
      indexes.find((i) => !used.has(i) && byName(i));
    if (found === undefined) return ` ${inner} `;
    used.add(found);
    const { mentioned } = entities[found] as Mention;
    if (mentioned.id === activity.recipient?.id) return ' ';
    accounts.push({
      id: mentioned.id,
      name: plainText(mentioned.name ?? plain).trim() || mentioned.id,
      ...(mentioned.aadObjectId ? { aadObjectId: mentioned.aadObjectId } : {}),
    });
    return ` ${MARK}${accounts.length - 1}${MARK} `;
  });
  const words: Word[] = [];
  for (const token of plainText(marked).split(/\s+/).filter(Boolean)) {
    const index = new RegExp(`^${MARK}(\\d+)${MARK}$`).exec(token)?.[1];
    const account = index === undefined ? undefined : accounts[Number(index)];
    if (!account) {
      words.push({ kind: 'text', text: token.replaceAll(MARK, '') });
      continue;
    }
    const previous = words.at(-1);
    if (previous?.kind === 'mention' && previous.account.id === account.id) {
      if (!previous.account.name.split(' ').includes(account.name)) {
        previous.account = { ...previous.account, name: `${previous.account.name} ${account.name}` };
      }
      continue;
    }
    words.push({ kind: 'mention', account });
  }
  return words;
}
