import { describe, expect, it } from 'vitest';
import { readSubmission } from '../../../adapters/teams/cards/action-data.js';
import { cardAction } from '../../../adapters/teams/cards/actions.js';
import { CARD_BYTE_BUDGET, cardBytes } from '../../../adapters/teams/cards/adaptive.js';
import { fieldElements } from '../../../adapters/teams/cards/fields.js';
import { renderCard } from '../../../adapters/teams/cards/render.js';
import { parseCommand } from '../../../adapters/teams/commands.js';
import { offeredFiles } from '../../../adapters/teams/files/bundles.js';
import { FileLinks } from '../../../adapters/teams/files/links.js';
import { FIELD_KINDS, type FieldKind } from '../../../flows/forms/coerce.js';
import {
  type ApprovalRequestReply,
  type FormField,
  planAttachments,
  planSummary,
} from '../../../src/conversation/index.js';
import { describeDiff, diffPlans, parseProfile, recommend } from '../../../src/core/index.js';
import { buttonsIn, errorsIn, type Json, textsIn } from './card-reader.js';
import { unzip } from './unzip.js';

const TENANT = { platform: 'teams', workspace: 'tenant-a' } as const;

const OPTIONS = [
  { value: 'a', label: 'Option A' },
  { value: 'b', label: 'Option B' },
];

/** What each field kind becomes in a card, and the value it shows for a typical answer. */
const KINDS: Record<FieldKind, { answer: unknown; input: Json }> = {
  text: { answer: 'storefront', input: { type: 'Input.Text', value: 'storefront' } },
  select: { answer: 'b', input: { type: 'Input.ChoiceSet', value: 'b', style: 'expanded' } },
  'multi-select': { answer: ['a', 'b'], input: { type: 'Input.ChoiceSet', isMultiSelect: true, value: 'a,b' } },
  number: { answer: 2_000_000, input: { type: 'Input.Number', value: 2_000_000 } },
  'yes-no': { answer: true, input: { type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'true' } },
  'principal-list': { answer: ['KeyAdmins', 'Ops'], input: { type: 'Input.Text', value: 'KeyAdmins, Ops' } },
  'account-id': { answer: '111122223333', input: { type: 'Input.Text', value: '111122223333' } },
  'text-list': { answer: ['public', 'confidential'], input: { type: 'Input.Text', value: 'public, confidential' } },
};

function field(kind: FieldKind, extra: Partial<FormField> = {}): FormField {
  return {
    id: `q-${kind}`,
    label: `Question ${kind}`,
    kind,
    required: true,
    explain: `What question ${kind} means for the keys.`,
    ...(kind === 'select' || kind === 'multi-select' ? { options: OPTIONS } : {}),
    ...extra,
  };
}

describe('Teams cards', () => {
  it.each(FIELD_KINDS)('renders a %s field as its input, with its answer, help and error', (kind) => {
    const expected = KINDS[kind];
    const elements = fieldElements(field(kind, { value: expected.answer, help: 'Some help', error: 'Not right' }));
    const [input] = elements;
    expect(input).toMatchObject({ id: `field:q-${kind}`, ...expected.input });
    if (kind !== 'yes-no') expect(input).toMatchObject({ label: `Question ${kind}`, isRequired: true });
    const card = { type: 'AdaptiveCard', body: elements };
    expect(textsIn(card)).toContain('Some help');
    expect(errorsIn(card)).toEqual({ [`q-${kind}`]: 'Not right' });
  });

  it('offers the suggestion when there is no answer, and long choice lists as a drop-down', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ value: `r${i}`, label: `Region ${i}` }));
    const [regions] = fieldElements(field('multi-select', { options: many, suggested: ['r3'] }));
    expect(regions).toMatchObject({ style: 'compact', value: 'r3' });
    const [toggle] = fieldElements(field('yes-no', { required: false, suggested: false }));
    expect(toggle).toMatchObject({ value: 'false' });
    const [optional] = fieldElements(field('text', { required: false }));
    expect(optional).not.toHaveProperty('isRequired');
    expect(optional).not.toHaveProperty('value');
  });

  it('makes each action a button with its id as the verb, the stamp in its data and a Submit fallback', () => {
    const target = { conversationId: 'c-1', stamp: { step: 'environment-1-1', version: 7 } };
    const next = cardAction(
      { id: 'next', label: 'Next', style: 'primary', event: { type: 'SUBMIT' }, submitsForm: true },
      target,
    );
    const data = { keyplan: { conversationId: 'c-1', actionId: 'next', step: 'environment-1-1', version: 7 } };
    expect(next).toMatchObject({
      type: 'Action.Execute',
      verb: 'next',
      data,
      associatedInputs: 'auto',
      style: 'positive',
    });
    expect(next.fallback).toMatchObject({ type: 'Action.Submit', data, associatedInputs: 'auto' });
    const back = cardAction({ id: 'back', label: 'Back', event: { type: 'BACK' } }, target);
    expect(back).toMatchObject({ associatedInputs: 'none' });
    expect(back).not.toHaveProperty('style');
    const cancel = cardAction(
      { id: 'cancel', label: 'Cancel', style: 'danger', event: { type: 'CANCEL' }, confirm: 'Throw the answers away?' },
      target,
    );
    expect(cancel).toMatchObject({ type: 'Action.ShowCard', title: 'Cancel' });
    expect(textsIn(cancel)).toEqual(['Throw the answers away?']);
    expect(buttonsIn(cancel)).toEqual([
      expect.objectContaining({ title: 'Yes, cancel', actionId: 'cancel', associatedInputs: 'none' }),
    ]);
  });

  it('reads a press back into the action reference and the answers by field id', () => {
    const read = readSubmission({
      keyplan: { conversationId: 'c-1', actionId: 'next', step: 'organization', version: 1 },
      'field:name': 'Acme',
      'field:regulations:confidential': 'PCI-DSS',
      unrelated: 'ignored',
    });
    expect(read).toEqual({
      ok: true,
      ref: { conversationId: 'c-1', actionId: 'next', step: 'organization', version: 1 },
      values: { name: 'Acme', 'regulations:confidential': 'PCI-DSS' },
    });
    expect(readSubmission({ keyplan: { conversationId: 'c-1' } })).toMatchObject({
      ok: false,
      error: /keyplan\.actionId/,
    });
    expect(readSubmission('text')).toMatchObject({ ok: false });
  });

  it('draws no buttons for replies that name no conversation', () => {
    const card = renderCard({
      replies: [
        {
          type: 'form',
          stepId: 'organization',
          title: 'Your organisation',
          help: 'help',
          fields: [],
          actions: [{ id: 'next', label: 'Next', event: { type: 'SUBMIT' }, submitsForm: true }],
        },
      ],
      conversationId: null,
      stamp: null,
    });
    expect(buttonsIn(card as unknown as Json)).toEqual([]);
  });

  it("keeps a large plan's summary within Teams' message size, counting the keys left out", () => {
    const applications = Array.from({ length: 300 }, (_, i) => ({
      name: `application-${i}`,
      team: `team-${i}`,
      keyAdmins: [`Admins${i}`],
      environments: [
        { stage: 'prod', account: String(100000000000 + i), regions: ['us-east-1'] },
        { stage: 'dev', account: String(200000000000 + i), regions: ['eu-west-1'] },
      ],
      data: [
        { name: `data-${i}`, classification: 'confidential', services: ['s3', 'dynamodb'], keyUsers: [`App${i}`] },
      ],
    }));
    const plan = recommend(parseProfile({ organization: { name: 'Big Org' }, applications }));
    const summary = { ...planSummary(plan, 'big-org/v1'), attachments: planAttachments(plan) };
    const links = new FileLinks({ secret: 'secret', plans: { get: async () => undefined } });
    const files = links.forPlan('https://keyplan.example.com', TENANT, 'big-org/v1', summary.attachments);
    // One link per kind of file: the 600 CloudFormation templates (an account and region each) come as one ZIP.
    expect(files.map((file) => file.filename)).toEqual([
      'keyplan.md',
      'keyplan.json',
      'keyplan.tf',
      'keyplan-cloudformation.zip',
    ]);
    const card = renderCard({
      replies: [summary],
      conversationId: null,
      stamp: null,
      files: () => files,
      filesNote: 'note',
    });
    expect(summary.lines.length).toBeGreaterThan(600);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    const texts = textsIn(card as unknown as Json).join('\n');
    expect(texts).toMatch(/… and \d+ more: every key is in the report below\./);
    expect(texts).toMatch(/Findings: /);
    expect(texts).toContain(files[0]?.url);
  });

  it("keeps a large plan's approval request within Teams' message size, its changes and reason input kept", () => {
    const applications = Array.from({ length: 300 }, (_, i) => ({
      name: `application-${i}`,
      team: `team-${i}`,
      keyAdmins: [`Admins${i}`],
      environments: [
        { stage: 'prod', account: String(100000000000 + i), regions: ['us-east-1'] },
        { stage: 'dev', account: String(200000000000 + i), regions: ['eu-west-1'] },
      ],
      data: [
        { name: `data-${i}`, classification: 'confidential', services: ['s3', 'dynamodb'], keyUsers: [`App${i}`] },
      ],
    }));
    const plan = recommend(parseProfile({ organization: { name: 'Big Org', governance: 'hybrid' }, applications }));
    const summary = planSummary(plan, 'big-org/v1');
    const request: ApprovalRequestReply = {
      type: 'approval-request',
      planId: 'big-org/v1',
      organization: 'Big Org',
      planHash: 'f'.repeat(64),
      requester: 'req',
      headline: 'Approve the key plan of Big Org (big-org/v1)?',
      lines: [summary.headline, ...summary.lines, 'Requested now; one approver decides.'],
      changes: describeDiff(diffPlans(null, plan), 'no approved plan'),
      approvals: [],
      decision: null,
      fields: [
        { id: 'reason', label: 'Reason', kind: 'text', required: true, explain: 'why', error: 'say what to change' },
      ],
      actions: [
        { id: 'approve', label: 'Approve', style: 'primary', event: { type: 'APPROVE' } },
        { id: 'reject', label: 'Reject', event: { type: 'REJECT' }, submitsForm: true, asks: ['reason'] },
      ],
      plan,
      attachments: [],
    };
    expect(request.changes.length).toBeGreaterThan(600);
    const render = (reply: ApprovalRequestReply) =>
      renderCard({
        replies: [reply],
        conversationId: 'c-1',
        stamp: { step: 'pending', version: 1 },
        nameOf: (id) => (id === 'req' ? 'Rey Quester' : undefined),
      }) as unknown as Json;
    const card = render(request);
    expect(cardBytes(card as never)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    const texts = textsIn(card).join('\n');
    expect(texts).toMatch(/Asked by \*\*Rey Quester\*\*/);
    expect(texts).toMatch(/… and \d+ more in the approval document\./);
    expect(texts).toMatch(/… and \d+ more changes in the approval document\./);
    expect(texts).toContain('f'.repeat(64));
    expect(buttonsIn(card).map((b) => b.actionId)).toEqual(['approve', 'reject']);
    expect(errorsIn(card)).toEqual({ reason: 'say what to change' });

    // Decided: outcome, who, when and why; no buttons, no input.
    const decided = render({
      ...request,
      actions: [],
      fields: [],
      decision: { outcome: 'rejected', by: ['sec'], at: '2026-05-01T14:03:27.120Z', reason: 'Too many keys' },
    });
    expect(textsIn(decided)).toEqual(
      expect.arrayContaining(['Rejected by **sec** on 2026-05-01 14:03 UTC.', 'Reason: “Too many keys”']),
    );
    expect(buttonsIn(decided)).toEqual([]);
  });

  it('offers a kind of file with several files as one ZIP holding each of them', () => {
    const environments = ['111122223333', '444455556666'].map((account) => ({
      stage: account.startsWith('1') ? 'prod' : 'dev',
      account,
      regions: ['us-east-1', 'eu-west-1'],
    }));
    const plan = recommend(
      parseProfile({
        organization: { name: 'Two Accounts' },
        applications: [
          {
            name: 'shop',
            team: 'web',
            keyAdmins: ['KeyAdmins'],
            environments,
            data: [{ name: 'orders', classification: 'confidential', services: ['s3'], keyUsers: ['ShopApp'] }],
          },
        ],
      }),
    );
    const attachments = planAttachments(plan);
    const offered = offeredFiles(attachments);
    expect(offered.map((file) => file.filename)).toEqual([
      'keyplan.md',
      'keyplan.json',
      'keyplan.tf',
      'keyplan-cloudformation.zip',
    ]);
    const bundle = offered[3];
    expect(bundle?.mediaType).toBe('application/zip');
    const entries = unzip(bundle?.body() ?? Buffer.alloc(0));
    const templates = attachments.filter((file) => file.filename.endsWith('.yaml'));
    expect(templates).toHaveLength(4);
    expect([...entries.keys()]).toEqual(templates.map((file) => file.filename));
    for (const file of templates) expect(String(entries.get(file.filename))).toBe(file.content);
    expect(offered[0]?.body().toString('utf8')).toBe(attachments[0]?.content);
  });

  it.each([
    ['start', { kind: 'start', fresh: false }],
    ['<at>keyplan</at> start new', { kind: 'start', fresh: true }],
    ['  STATUS ', { kind: 'status' }],
    ['plan', { kind: 'plan' }],
    ['plan cfn', { kind: 'plan', format: 'cloudformation' }],
    ['/keyplan audit eu-central-1', { kind: 'audit', region: 'eu-central-1' }],
    ['@keyplan status', { kind: 'status' }],
    ['audit', { kind: 'audit' }],
    ['<at>keyplan</at>', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['Hello', { kind: 'help' }],
    ['plan pdf', { kind: 'invalid' }],
    ['audit everywhere', { kind: 'invalid' }],
    ['status now', { kind: 'invalid' }],
    ['hello there', { kind: 'help' }],
    ['frobnicate now', { kind: 'invalid' }],
  ])('reads "%s"', (typed, command) => {
    expect(parseCommand(typed)).toMatchObject(command);
  });
});
