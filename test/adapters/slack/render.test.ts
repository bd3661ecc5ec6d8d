import { describe, expect, it } from 'vitest';
import { fieldBlock, formValues } from '../../../adapters/slack/form-blocks.js';
import { messageOf } from '../../../adapters/slack/message-blocks.js';
import { interviewModal } from '../../../adapters/slack/modal.js';
import { cutMarkup, escapeMrkdwn, md } from '../../../adapters/slack/mrkdwn.js';
import { planBlocks } from '../../../adapters/slack/plan-blocks.js';
import { codeBlock } from '../../../adapters/slack/poster.js';
import { slackTenant, tenantOfBody } from '../../../adapters/slack/tenant.js';
import type { StoredView } from '../../../bench/slack/support/fake-slack.js';
import { fieldOfBlock, renderedActions } from '../../../bench/slack/support/modal-user.js';
import { syntheticProfile } from '../../../bench/support/synthetic-profile.js';
import {
  type FormField,
  type FormReply,
  planAttachments,
  planSummary,
  type ReviewReply,
  type TurnResult,
} from '../../../src/conversation/index.js';
import { parseProfile, recommend } from '../../../src/core/index.js';
import { blockKitViolations } from './support/block-kit-limits.js';

function bigPlan(applications: number) {
  const plan = recommend(parseProfile(syntheticProfile(applications)));
  return { ...planSummary(plan, 'synthetic/v1'), attachments: planAttachments(plan) };
}

const stamp = { step: 'x', version: 7 };
const result = (
  replies: TurnResult['replies'],
): Pick<TurnResult, 'replies' | 'stamp' | 'conversationId' | 'status'> => ({
  replies,
  stamp,
  conversationId: 'c-1',
  status: 'active',
});

describe('mrkdwn text', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d <!here> *bold*')).toBe('a &amp; b &lt; c &gt; d &lt;!here&gt; *bold*');
    expect(md('x', 10)).toEqual({ type: 'mrkdwn', text: 'x', verbatim: true });
  });

  it('cuts markup without splitting an entity, and closes a code block it cut through', () => {
    const cut = cutMarkup(`${'a'.repeat(95)}&amp;${'b'.repeat(50)}`, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/^a+…$/);
    const code = cutMarkup(`\`\`\`\n${'x'.repeat(200)}\n\`\`\``, 100);
    expect(code.length).toBeLessThanOrEqual(100);
    expect(code.endsWith('```')).toBe(true);
  });

  it('puts a small file in a titled, escaped code block', () => {
    expect(codeBlock({ filename: 'a.tf', mediaType: 'text/plain', title: 'Terraform', content: 'x = "<@U1>"\n' })).toBe(
      '*Terraform* (a.tf)\n```\nx = "&lt;@U1&gt;"\n```',
    );
  });
});

describe('plan summaries within Block Kit limits', () => {
  it('summarises a plan with hundreds of keys in 50 blocks, pointing to the report for the rest', () => {
    const reply = bigPlan(40);
    const blocks = planBlocks(reply, { maxBlocks: 50, exports: true, status: 'approved' });
    const message = { text: 'x', blocks };
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(blocks).toHaveLength(50);
    expect(JSON.stringify(blocks)).toMatch(/and \d+ more keys: every key is in the attached report/);
    expect(JSON.stringify(blocks)).toContain('kpx:cloudformation');
    const modal = planBlocks(reply, { maxBlocks: 100, exports: false });
    expect(modal).toHaveLength(100);
    expect(
      blockKitViolations({ type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: modal }, 'modal'),
    ).toEqual([]);
  });

  it('shows every key of a small plan and the whole message fits a delivery', () => {
    const reply = bigPlan(1);
    const message = messageOf({ conversationId: null, stamp: null, replies: [reply] });
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(JSON.stringify(message.blocks)).not.toContain('more keys');
  });
});

const field = (kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({
  id: `${kind}-field`,
  label: `A ${kind}`,
  kind,
  required: false,
  explain: `What ${kind} means for the keys.`,
  ...extra,
});

describe('form fields by kind', () => {
  const options = (n: number, width = 10) =>
    Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `Option ${i} ${'x'.repeat(width)}` }));
  const form: FormReply = {
    type: 'form',
    stepId: 'synthetic',
    title: `A very long step title ${'t'.repeat(200)}`,
    help: 'Help <with> & markup',
    fields: [
      field('text', { value: 'hello', label: 'L'.repeat(2_500), help: 'H'.repeat(2_500) }),
      field('select', { options: options(4), value: 'v2', required: true }),
      field('select', { id: 'many', options: options(250, 90), value: 'v201' }),
      field('multi-select', { options: options(7), value: ['v1', 'v3'] }),
      field('multi-select', { id: 'regions', options: options(40), suggested: ['v5'] }),
      field('multi-select', { id: 'long-values', options: [{ value: 'x'.repeat(200), label: 'too long' }] }),
      field('number', { value: 365 }),
      field('yes-no', { suggested: true }),
      field('principal-list', { value: ['KeyAdmins', 'arn:aws:iam::111122223333:role/Other'] }),
      field('account-id', { error: 'an AWS account id is exactly 12 digits' }),
      field('text-list', { suggested: ['public', 'internal'] }),
    ],
    actions: [
      { id: 'next', label: 'Next', style: 'primary', event: { type: 'SUBMIT', values: {} }, submitsForm: true },
      { id: 'add-another', label: 'Add another thing', event: { type: 'SUBMIT', values: {} }, submitsForm: true },
      { id: 'back', label: 'Back', event: { type: 'BACK' } },
      { id: 'cancel', label: 'Cancel', style: 'danger', event: { type: 'CANCEL' }, confirm: 'Really?' },
    ],
  };

  it('renders every kind within Block Kit limits, choosing the element by kind and size', () => {
    const view = interviewModal(result([form]), { channel: 'C1' });
    expect(blockKitViolations(view as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    const elements = Object.fromEntries(
      view.blocks.flatMap((b) =>
        b.type === 'input' && b.block_id
          ? [[fieldOfBlock(b.block_id) ?? b.block_id, (b as { element: { type: string } }).element.type]]
          : [],
      ),
    );
    expect(elements).toEqual({
      'text-field': 'plain_text_input',
      'select-field': 'radio_buttons',
      many: 'static_select',
      'multi-select-field': 'checkboxes',
      regions: 'multi_static_select',
      'long-values': 'plain_text_input',
      'number-field': 'number_input',
      'yes-no-field': 'radio_buttons',
      'principal-list-field': 'plain_text_input',
      'account-id-field': 'plain_text_input',
      'text-list-field': 'plain_text_input',
      t7: 'checkboxes',
    });
    const many = view.blocks.find((b) => b.block_id === 'f7:many') as {
      element: { option_groups: unknown[]; initial_option: { value: string } };
    };
    expect(many.element.option_groups).toHaveLength(3);
    expect(many.element.initial_option.value).toBe('v201');
    expect(renderedActions(view as unknown as StoredView).map((a) => a.id)).toEqual([
      'next',
      'add-another',
      'back',
      'cancel',
    ]);
    expect(view.submit).toMatchObject({ text: 'Next' });
  });

  it('shows a refused answer in its hint, and reads submitted state back by field id', () => {
    const block = fieldBlock(field('account-id', { error: 'must be 12 digits', help: 'your account' }), 3);
    expect(block.hint?.text).toBe('⚠️ must be 12 digits — your account');
    expect(
      formValues({
        'f3:name': { value: { type: 'plain_text_input', value: 'Acme' } },
        'f3:regions': { value: { type: 'multi_static_select', selected_options: [{ value: 'eu-west-1' }] } },
        'f3:governance': { value: { type: 'radio_buttons', selected_option: { value: 'hybrid' } } },
        'f3:empty': { value: { type: 'plain_text_input', value: null } },
        t3: { value: { type: 'checkboxes', selected_options: [] } },
      }),
    ).toEqual({ name: 'Acme', regions: ['eu-west-1'], governance: 'hybrid', empty: '' });
  });
});

describe('the review', () => {
  it('folds section actions into menus when buttons would not fit 100 blocks, keeping every action', () => {
    const sections = Array.from({ length: 60 }, (_, i) => ({
      id: `part-${i}`,
      title: `Part ${i}`,
      lines: [`line of part ${i}`],
      actions: [
        { id: `edit:part-${i}`, label: 'Edit', event: { type: 'EDIT' } },
        { id: `remove:part-${i}`, label: 'Remove', style: 'danger' as const, event: { type: 'REMOVE' } },
      ],
    }));
    const review: ReviewReply = {
      type: 'review',
      title: 'Review your answers',
      sections,
      issues: [{ path: 'applications[0].name', message: 'bad <name>' }],
      actions: [
        { id: 'confirm', label: 'Confirm and plan', style: 'primary', event: { type: 'CONFIRM' } },
        { id: 'back', label: 'Back', event: { type: 'BACK' } },
      ],
    };
    const view = interviewModal(result([review]), {});
    expect(blockKitViolations(view as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    const ids = renderedActions(view as unknown as StoredView).map((a) => a.id);
    for (const section of sections) for (const action of section.actions) expect(ids).toContain(action.id);
    expect(ids).toEqual(expect.arrayContaining(['confirm', 'back']));
    expect(JSON.stringify(view.blocks)).toContain('bad &lt;name&gt;');
  });
});

describe('tenants', () => {
  it('is the team, prefixed by the enterprise on Enterprise Grid', () => {
    expect(slackTenant({ teamId: 'T1' })).toEqual({ platform: 'slack', workspace: 'T1' });
    expect(tenantOfBody({ team_id: 'T1', enterprise_id: 'E1' })).toEqual({ platform: 'slack', workspace: 'E1/T1' });
    expect(tenantOfBody({ team: null, enterprise: { id: 'E1' }, user: { id: 'U1', team_id: 'T2' } })).toEqual({
      platform: 'slack',
      workspace: 'E1/T2',
    });
    expect(tenantOfBody({ team_id: 'T9', authorizations: [{ enterprise_id: null, team_id: 'T9' }] }).workspace).toBe(
      'T9',
    );
    expect(() => tenantOfBody({})).toThrow(/no team/);
  });
});
