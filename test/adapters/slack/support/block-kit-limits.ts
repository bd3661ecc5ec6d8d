/**
 * Checks a surface against Block Kit's documented limits (blocks per surface, text lengths, options,
 * ids, private_metadata). Returns every violation with its path, so a failing test says what broke.
 */

type Node = Record<string, unknown>;
export type SurfaceKind = 'modal' | 'home' | 'message';

const MAX_BLOCKS: Record<SurfaceKind, number> = { modal: 100, home: 100, message: 50 };

function textOf(value: unknown): { type?: string; text?: string } | undefined {
  return value && typeof value === 'object' ? (value as { type?: string; text?: string }) : undefined;
}

export function blockKitViolations(surface: Node, kind: SurfaceKind): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const text = (path: string, value: unknown, max: number, plainOnly = false) => {
    const t = textOf(value);
    if (!t || typeof t.text !== 'string') return fail(path, 'missing text object');
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') fail(path, `unknown text type ${String(t.type)}`);
    if (plainOnly && t.type !== 'plain_text') fail(path, 'must be plain_text');
    if (t.text.length < 1) fail(path, 'empty text');
    if (t.text.length > max) fail(path, `${t.text.length} characters, limit ${max}`);
  };
  const optionList = (path: string, options: unknown, max: number) => {
    const list = (options ?? []) as Node[];
    if (list.length > max) fail(path, `${list.length} options, limit ${max}`);
    list.forEach((option, i) => {
      text(`${path}[${i}].text`, option.text, 75);
      const value = String(option.value ?? '');
      if (value.length < 1 || value.length > 150) fail(`${path}[${i}].value`, `length ${value.length}, limit 150`);
    });
    return list;
  };
  const confirm = (path: string, dialog: unknown) => {
    if (!dialog) return;
    const d = dialog as Node;
    text(`${path}.title`, d.title, 100, true);
    text(`${path}.text`, d.text, 300);
    text(`${path}.confirm`, d.confirm, 30, true);
    text(`${path}.deny`, d.deny, 30, true);
  };
  const element = (path: string, el: Node) => {
    const actionId = String(el.action_id ?? '');
    if (actionId.length > 255) fail(`${path}.action_id`, 'over 255 characters');
    confirm(`${path}.confirm`, el.confirm);
    if (el.placeholder) text(`${path}.placeholder`, el.placeholder, 150, true);
    switch (el.type) {
      case 'button':
        text(`${path}.text`, el.text, 75, true);
        if (el.value !== undefined && String(el.value).length > 2000) fail(`${path}.value`, 'over 2,000 characters');
        break;
      case 'static_select':
      case 'multi_static_select': {
        const options = optionList(`${path}.options`, el.options, 100);
        const groups = (el.option_groups ?? []) as Node[];
        if (groups.length > 100) fail(`${path}.option_groups`, 'over 100 groups');
        const grouped = groups.flatMap((g, i) => optionList(`${path}.option_groups[${i}].options`, g.options, 100));
        const all = [...options, ...grouped].map((o) => o.value);
        const initial = [el.initial_option, ...((el.initial_options ?? []) as unknown[])].filter(Boolean) as Node[];
        for (const chosen of initial)
          if (!all.includes(chosen.value)) fail(`${path}.initial`, `"${String(chosen.value)}" is not an option`);
        break;
      }
      case 'radio_buttons':
      case 'checkboxes': {
        const options = optionList(`${path}.options`, el.options, 10).map((o) => o.value);
        const initial = [el.initial_option, ...((el.initial_options ?? []) as unknown[])].filter(Boolean) as Node[];
        for (const chosen of initial)
          if (!options.includes(chosen.value)) fail(`${path}.initial`, `"${String(chosen.value)}" is not an option`);
        break;
      }
      case 'overflow':
        optionList(`${path}.options`, el.options, 5);
        if (((el.options ?? []) as unknown[]).length < 1) fail(`${path}.options`, 'an overflow menu needs options');
        break;
      case 'plain_text_input':
        if (typeof el.initial_value === 'string' && el.initial_value.length > 3000)
          fail(`${path}.initial_value`, 'over 3,000 characters');
        break;
      case 'number_input':
        if (el.initial_value !== undefined && !Number.isFinite(Number(el.initial_value)))
          fail(`${path}.initial_value`, 'not a number');
        break;
      default:
        fail(path, `unexpected element ${String(el.type)}`);
    }
  };

  const blocks = (surface.blocks ?? []) as Node[];
  if (blocks.length > MAX_BLOCKS[kind]) fail('blocks', `${blocks.length} blocks, limit ${MAX_BLOCKS[kind]}`);
  const blockIds = new Set<string>();
  let inputs = 0;
  blocks.forEach((block, i) => {
    const path = `blocks[${i}](${String(block.type)})`;
    if (block.block_id !== undefined) {
      const id = String(block.block_id);
      if (id.length > 255) fail(`${path}.block_id`, 'over 255 characters');
      if (blockIds.has(id)) fail(`${path}.block_id`, `duplicate block id ${id}`);
      blockIds.add(id);
    }
    switch (block.type) {
      case 'section': {
        if (block.text) text(`${path}.text`, block.text, 3000);
        const fields = (block.fields ?? []) as unknown[];
        if (fields.length > 10) fail(`${path}.fields`, 'over 10 fields');
        fields.forEach((f, j) => {
          text(`${path}.fields[${j}]`, f, 2000);
        });
        if (!block.text && fields.length === 0) fail(path, 'a section needs text or fields');
        if (block.accessory) element(`${path}.accessory`, block.accessory as Node);
        break;
      }
      case 'header':
        text(`${path}.text`, block.text, 150, true);
        break;
      case 'context': {
        const elements = (block.elements ?? []) as unknown[];
        if (elements.length < 1 || elements.length > 10)
          fail(`${path}.elements`, `${elements.length} elements, 1–10 allowed`);
        elements.forEach((e, j) => {
          text(`${path}.elements[${j}]`, e, 3000);
        });
        break;
      }
      case 'actions': {
        const elements = (block.elements ?? []) as Node[];
        if (elements.length < 1 || elements.length > 25)
          fail(`${path}.elements`, `${elements.length} elements, 1–25 allowed`);
        const ids = elements.map((e) => String(e.action_id ?? ''));
        if (new Set(ids).size !== ids.length) fail(`${path}.elements`, 'duplicate action ids in one block');
        elements.forEach((e, j) => {
          element(`${path}.elements[${j}]`, e);
        });
        break;
      }
      case 'input':
        inputs++;
        if (kind === 'message') fail(path, 'input blocks belong in modals');
        text(`${path}.label`, block.label, 2000, true);
        if (block.hint) text(`${path}.hint`, block.hint, 2000, true);
        element(`${path}.element`, block.element as Node);
        break;
      case 'divider':
        break;
      default:
        fail(path, 'unexpected block type');
    }
  });
  if (kind === 'modal') {
    text('title', surface.title, 24, true);
    if (surface.submit) text('submit', surface.submit, 24, true);
    if (surface.close) text('close', surface.close, 24, true);
    if (inputs > 0 && !surface.submit) fail('submit', 'a modal with inputs needs a submit button');
    if (typeof surface.private_metadata === 'string' && surface.private_metadata.length > 3000) {
      fail('private_metadata', 'over 3,000 characters');
    }
    if (surface.callback_id !== undefined && String(surface.callback_id).length > 255) fail('callback_id', 'over 255');
  }
  if (kind === 'message' && typeof surface.text === 'string' && surface.text.length > 40_000)
    fail('text', 'over 40,000 characters');
  return problems;
}
