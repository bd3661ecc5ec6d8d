import type { StoredView } from './fake-slack.js';
import type { PressedElement, StateValues } from './payloads.js';

/**
 * What a person does with a keyplan modal, read from the view as Slack received it: which actions it
 * offers (its Submit button, a choice above it, buttons and menus), and how filling in its inputs looks
 * in the submitted state. Answers are given by field id, as the interview's scripts give them.
 */

type Block = Record<string, unknown> & { type: string; block_id?: string };
type Element = Record<string, unknown> & { type: string; action_id?: string };
type Option = { value: string; text?: unknown };

export interface ModalMeta {
  c: string;
  s: string;
  v: number;
  a?: string;
  ch?: string;
}

export type RenderedAction =
  | { id: string; kind: 'submit' }
  | { id: string; kind: 'then'; blockId: string; element: Element }
  | { id: string; kind: 'press'; element: PressedElement };

export function metaOf(view: StoredView): ModalMeta | undefined {
  if (!view.private_metadata) return undefined;
  return JSON.parse(view.private_metadata) as ModalMeta;
}

/** A field's id from its input block id (`f<version>:<field>`). */
export function fieldOfBlock(blockId: string): string | undefined {
  return /^f\d+:(.+)$/s.exec(blockId)?.[1];
}

const blocksOf = (view: StoredView) => view.blocks as Block[];

function optionsOf(element: Element): Option[] {
  const direct = (element.options ?? []) as Option[];
  const grouped = ((element.option_groups ?? []) as { options: Option[] }[]).flatMap((group) => group.options);
  return [...direct, ...grouped];
}

/** Every action the view offers, in the order a person sees them. */
export function renderedActions(view: StoredView): RenderedAction[] {
  const actions: RenderedAction[] = [];
  const meta = metaOf(view);
  for (const block of blocksOf(view)) {
    const blockId = block.block_id ?? '';
    if (block.type === 'input' && /^t\d+$/.test(blockId)) {
      const element = block.element as Element;
      for (const option of optionsOf(element)) {
        if (option.value !== meta?.a) actions.push({ id: option.value, kind: 'then', blockId, element });
      }
    }
    const elements: Element[] =
      block.type === 'actions'
        ? ((block.elements ?? []) as Element[])
        : block.accessory
          ? [block.accessory as Element]
          : [];
    for (const element of elements) {
      const actionId = String(element.action_id ?? '');
      if (!actionId.startsWith('kp:')) continue;
      if (element.type === 'button') {
        actions.push({
          id: actionId.slice(3),
          kind: 'press',
          element: {
            type: 'button',
            action_id: actionId,
            block_id: blockId,
            ...(element.value ? { value: String(element.value) } : {}),
          },
        });
      } else if (element.type === 'overflow' || element.type === 'static_select') {
        for (const option of optionsOf(element)) {
          actions.push({
            id: option.value,
            kind: 'press',
            element: {
              type: element.type,
              action_id: actionId,
              block_id: blockId,
              selected_option: { value: option.value },
            },
          });
        }
      }
    }
  }
  if (meta?.a && view.submit) actions.unshift({ id: meta.a, kind: 'submit' });
  return actions;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : value === undefined || value === null
      ? []
      : String(value)
          .split(/[\s,;]+/)
          .filter(Boolean);

function choose(element: Element, wanted: string): Option {
  const option = optionsOf(element).find((o) => o.value === wanted || o.value === wanted.toLowerCase());
  if (!option) throw new Error(`the modal offers no choice "${wanted}" in ${String(element.action_id)}`);
  return option;
}

/** The state Slack submits for one input: the answer given, else what the input showed initially. */
function inputState(element: Element, answer: unknown, given: boolean): Record<string, unknown> {
  const type = element.type;
  if (type === 'plain_text_input' || type === 'number_input') {
    if (!given) return { type, value: (element.initial_value as string | undefined) ?? null };
    const text = Array.isArray(answer)
      ? answer.join(', ')
      : typeof answer === 'boolean'
        ? answer
          ? 'yes'
          : 'no'
        : String(answer ?? '');
    return { type, value: text === '' ? null : text };
  }
  if (type === 'static_select' || type === 'radio_buttons') {
    if (!given) return { type, selected_option: (element.initial_option as Option | undefined) ?? null };
    const wanted = typeof answer === 'boolean' ? (answer ? 'yes' : 'no') : String(answer ?? '');
    return { type, selected_option: wanted === '' ? null : choose(element, wanted) };
  }
  if (type === 'multi_static_select' || type === 'checkboxes') {
    if (!given) return { type, selected_options: (element.initial_options as Option[] | undefined) ?? [] };
    return { type, selected_options: asList(answer).map((value) => choose(element, value)) };
  }
  throw new Error(`the test cannot fill a ${type}`);
}

/**
 * The view's submitted state with `answers` (by field id) typed in; inputs not answered keep what they
 * showed. `then` ticks the choice above Submit (e.g. "Add another environment").
 */
export function filledState(view: StoredView, answers: Record<string, unknown> = {}, then?: string): StateValues {
  const values: StateValues = {};
  const unused = new Set(Object.keys(answers));
  for (const block of blocksOf(view)) {
    if (block.type !== 'input' || !block.block_id) continue;
    const element = block.element as Element;
    const actionId = String(element.action_id);
    if (/^t\d+$/.test(block.block_id)) {
      const picked = then ? [choose(element, then)] : [];
      values[block.block_id] = {
        [actionId]:
          element.type === 'checkboxes'
            ? { type: 'checkboxes', selected_options: picked }
            : { type: element.type, selected_option: picked[0] ?? element.initial_option ?? null },
      };
      continue;
    }
    const field = fieldOfBlock(block.block_id);
    if (field === undefined) continue;
    unused.delete(field);
    values[block.block_id] = { [actionId]: inputState(element, answers[field], field in answers) };
  }
  if (unused.size > 0) throw new Error(`the modal has no field ${[...unused].join(', ')}`);
  return values;
}

/** Field errors the modal shows in its hints (a re-rendered, refused form). */
export function hintErrors(view: StoredView): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of blocksOf(view)) {
    const field = block.block_id ? fieldOfBlock(block.block_id) : undefined;
    const hint = (block.hint as { text?: string } | undefined)?.text ?? '';
    if (field && hint.startsWith('⚠️ ')) errors[field] = hint.slice(3).split(' — ')[0] ?? '';
  }
  return errors;
}

/** `response_action: errors`, by field id. */
export function responseErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).flatMap(([blockId, message]) => {
      const field = fieldOfBlock(blockId);
      return field ? [[field, message]] : [];
    }),
  );
}

/** All the text a view shows, for assertions on what a person reads. */
export function viewText(view: { blocks?: unknown[] }): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(view.blocks ?? []);
  return texts.join('\n');
}
