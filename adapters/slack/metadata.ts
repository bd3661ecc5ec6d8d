import { z } from 'zod';
import { LIMITS } from './limits.js';

/**
 * What a keyplan modal carries in its private_metadata (Slack returns it untouched with every
 * submission and button press): the conversation and the stamp of the view it shows, which action the
 * Submit button stands for, and where the interview was started (for posting the plan there).
 */
export const ModalMetaSchema = z.object({
  /** Conversation id. */
  c: z.string().min(1).max(200),
  /** The view stamp: step and version. */
  s: z.string().min(1).max(200),
  v: z.number().int().min(0),
  /** The action the modal's Submit button sends; absent when the view has none. */
  a: z.string().min(1).max(200).optional(),
  /** The channel /keyplan was run in (absent when started from App Home). */
  ch: z.string().min(1).max(40).optional(),
});
export type ModalMeta = z.infer<typeof ModalMetaSchema>;

export function encodeModalMeta(meta: ModalMeta): string {
  const text = JSON.stringify(meta);
  if (text.length > LIMITS.privateMetadata) throw new Error('private_metadata over 3,000 characters');
  return text;
}

/** The metadata of a keyplan modal, or undefined when it is not ours or no longer readable. */
export function readModalMeta(text: string | undefined): ModalMeta | undefined {
  if (!text) return undefined;
  try {
    const parsed = ModalMetaSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Where a conversation's action sits in a message: the button's value. */
export const ButtonMetaSchema = z.object({
  c: z.string().min(1).max(200),
  s: z.string().min(1).max(200),
  v: z.number().int().min(0),
});
export type ButtonMeta = z.infer<typeof ButtonMetaSchema>;

export function encodeButtonMeta(meta: ButtonMeta): string {
  return JSON.stringify(meta);
}

export function readButtonMeta(text: string | undefined): ButtonMeta | undefined {
  if (!text) return undefined;
  try {
    const parsed = ButtonMetaSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the window asking an action's fields (a rejection's reason) carries: the conversation, the
 * stamp of the message's view, the action it submits, and the message to update afterwards.
 */
export const AskMetaSchema = ButtonMetaSchema.extend({
  a: z.string().min(1).max(200),
  ch: z.string().min(1).max(40),
  ts: z.string().min(1).max(40),
});
export type AskMeta = z.infer<typeof AskMetaSchema>;

export function encodeAskMeta(meta: AskMeta): string {
  const text = JSON.stringify(meta);
  if (text.length > LIMITS.privateMetadata) throw new Error('private_metadata over 3,000 characters');
  return text;
}

export function readAskMeta(text: string | undefined): AskMeta | undefined {
  if (!text) return undefined;
  try {
    const parsed = AskMetaSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
