import { z } from 'zod';

/**
 * What a card button carries and sends back: the conversation, the action id from the view, and the
 * view's stamp. Teams merges the card's inputs into the same object, so keyplan's own data sits under
 * one key and every input's id is the field id behind a prefix: neither can collide with the other.
 */
export const ACTION_DATA_KEY = 'keyplan';
const FIELD_PREFIX = 'field:';

export const ActionRefSchema = z.object({
  conversationId: z.string().min(1).max(200),
  actionId: z.string().min(1).max(200),
  step: z.string().min(1).max(200),
  version: z.number().int().min(0),
});
export type ActionRef = z.infer<typeof ActionRefSchema>;

export function actionData(ref: ActionRef): Record<string, unknown> {
  return { [ACTION_DATA_KEY]: ref };
}

export function inputId(fieldId: string): string {
  return `${FIELD_PREFIX}${fieldId}`;
}

/** The id of the text under an input that shows its error. */
export function errorId(fieldId: string): string {
  return `error:${fieldId}`;
}

/**
 * A review too large for a button per action lists its actions in one drop-down instead: the button
 * under it carries this marker, and the action id is the one the person picked (still an id the view
 * offered; the engine checks it like any other).
 */
export const PICKED_ACTION = 'picked-action';
export const PICK_INPUT = 'pick:action';

export type Submission = { ok: true; ref: ActionRef; values: Record<string, unknown> } | { ok: false; error: string };

/** Whether a payload came from one of keyplan's card buttons (as opposed to any other message value). */
export function hasActionData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && ACTION_DATA_KEY in data;
}

/**
 * A button press as Teams delivered it → the action reference and the form's answers by field id.
 * With `verb` (Universal Actions), the verb must be the button's own action.
 */
export function readSubmission(data: unknown, verb?: string): Submission {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: 'the action data is not an object' };
  }
  const record = data as Record<string, unknown>;
  const ref = ActionRefSchema.safeParse(record[ACTION_DATA_KEY]);
  if (!ref.success) {
    const issue = ref.error.issues[0];
    const where = [ACTION_DATA_KEY, ...(issue?.path ?? [])].join('.');
    return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  if (verb !== undefined && verb !== ref.data.actionId) {
    return { ok: false, error: `the verb "${verb}" is not the action in the data` };
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith(FIELD_PREFIX)) values[key.slice(FIELD_PREFIX.length)] = value;
  }
  if (ref.data.actionId !== PICKED_ACTION) return { ok: true, ref: ref.data, values };
  const picked = record[PICK_INPUT];
  if (typeof picked !== 'string' || picked.trim() === '') {
    return { ok: false, error: 'pick what to change in the list first' };
  }
  return { ok: true, ref: { ...ref.data, actionId: picked.trim() }, values };
}
