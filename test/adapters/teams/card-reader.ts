/** Reads the Adaptive Cards keyplan sent the way Teams would render them: buttons, inputs, errors, text. */

export type Json = Record<string, unknown>;

export interface CardButton {
  title: string;
  type: string;
  verb?: string;
  data: Json;
  actionId: string;
  associatedInputs: string;
}

function walk(node: unknown, visit: (element: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const element = node as Json;
  if (typeof element.type === 'string') visit(element);
  for (const key of ['body', 'items', 'actions', 'columns', 'card']) walk(element[key], visit);
}

/** Every Action.Execute of a card (including those behind an Action.ShowCard), in order. */
export function buttonsIn(card: Json): CardButton[] {
  const buttons: CardButton[] = [];
  walk(card, (element) => {
    if (element.type !== 'Action.Execute') return;
    const data = (element.data ?? {}) as Json;
    const ref = (data.keyplan ?? {}) as Json;
    buttons.push({
      title: String(element.title),
      type: element.type,
      ...(typeof element.verb === 'string' ? { verb: element.verb } : {}),
      data,
      actionId: String(ref.actionId),
      associatedInputs: String(element.associatedInputs ?? 'auto'),
    });
  });
  return buttons;
}

export function inputsIn(card: Json): Json[] {
  const inputs: Json[] = [];
  walk(card, (element) => {
    if (String(element.type).startsWith('Input.')) inputs.push(element);
  });
  return inputs;
}

/** Error text under inputs, by field id. */
export function errorsIn(card: Json): Record<string, string> {
  const errors: Record<string, string> = {};
  walk(card, (element) => {
    if (element.type === 'TextBlock' && typeof element.id === 'string' && element.id.startsWith('error:')) {
      errors[element.id.slice('error:'.length)] = String(element.text);
    }
  });
  return errors;
}

export function textsIn(card: Json): string[] {
  const texts: string[] = [];
  walk(card, (element) => {
    if (element.type === 'TextBlock') texts.push(String(element.text));
  });
  return texts;
}

/** The card of a message activity as the connector received it. */
export function cardOfActivity(activity: Json): Json | undefined {
  const attachments = activity.attachments as Json[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return card?.content as Json | undefined;
}

/** What Teams sends for a press: the button's data merged with the inputs' values (all as strings). */
export function pressData(card: Json, button: CardButton, typed: Record<string, unknown> = {}): Json {
  const data: Json = { ...button.data };
  if (button.associatedInputs === 'none') return data;
  for (const input of inputsIn(card)) {
    const id = String(input.id);
    if (input.value !== undefined && input.value !== '') data[id] = String(input.value);
  }
  for (const [fieldId, value] of Object.entries(typed)) {
    data[`field:${fieldId}`] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return data;
}
