import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_BYTE_BUDGET } from '../../../adapters/teams/cards/adaptive.js';
import type { InterviewEvent } from '../../../flows/interview.machine.js';
import { ConversationEngine, interviewRegistration } from '../../../src/conversation/index.js';
import { userOf } from '../../conversation/drive-engine.js';
import { RETAIL_ANSWERS, RETAIL_STEP, submit } from '../../flows/drive.js';
import { buttonsIn, cardOfActivity, errorsIn, inputsIn, type Json, pressData, textsIn } from './card-reader.js';
import { type Chat, personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const TENANT = { platform: 'teams', workspace: 'tenant-a' } as const;

/** A card as the user has it in front of them: its content and the message that holds it. */
interface Shown {
  card: Json;
  activityId: string;
  chat: Chat;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function actionIdFor(event: InterviewEvent): string {
  if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
  return event.addAnother ? 'add-another' : 'next';
}

describe('the interview in Teams, through activities and invokes', () => {
  let harness: TeamsHarness;
  beforeAll(async () => {
    harness = await teamsHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  async function start(userId: string, chat: Chat, text = 'start'): Promise<Shown> {
    const before = harness.connector.calls.length;
    const answer = await harness.say(userId, chat, text);
    expect(answer.status).toBe(200);
    const posted = harness.connector.since(before).find((call) => call.kind === 'reply' || call.kind === 'send');
    const card = posted && cardOfActivity(posted.body);
    if (!posted || !card) throw new Error(`"${text}" posted no card`);
    return { card, activityId: posted.activityId as string, chat };
  }

  async function press(userId: string, on: Shown, actionId: string, values?: Record<string, unknown>) {
    const button = buttonsIn(on.card).find((candidate) => candidate.actionId === actionId);
    if (!button) throw new Error(`no button ${actionId} on the card`);
    const before = harness.connector.calls.length;
    const answer = await harness.post(
      '/api/messages',
      JSON.stringify(harness.invokeActivity(userId, on.chat, on.card, on.activityId, button, values)),
    );
    expect(answer.status).toBe(200);
    const body = answer.body as Json;
    const card = body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Json) : undefined;
    return {
      body,
      card,
      shown: card ? { card, activityId: on.activityId, chat: on.chat } : on,
      calls: harness.connector.since(before),
    };
  }

  it('walks from `start` to the plan, one card updated in place, with the plan files to download', async () => {
    const chat = personalChat('pat');
    let shown = await start('pat', chat);
    expect(textsIn(shown.card)).toContain('Your organisation');
    const cardId = shown.activityId;
    const stored = await harness.store.conversations.latestActive(TENANT, 'pat', 'interview');
    const surface = stored?.surface as { kind: string; ids: Record<string, string> };
    expect(surface.kind).toBe('message');
    expect(surface.ids.activityId).toBe(cardId);
    expect(JSON.parse(surface.ids.reference as string)).toMatchObject({
      serviceUrl: harness.connector.url,
      conversation: { id: chat.id, tenantId: 'tenant-a' },
    });

    for (const event of [...RETAIL_ANSWERS]) {
      const values = event.type === 'SUBMIT' ? event.values : undefined;
      const pressed = await press('pat', shown, actionIdFor(event), values);
      if (!pressed.card) throw new Error(`no card after ${JSON.stringify(event)}`);
      expect(errorsIn(pressed.card)).toEqual({});
      // In place: the pressed message is updated for everyone, and no new message is posted.
      expect(pressed.calls.map((call) => [call.kind, call.activityId])).toEqual([['update', cardId]]);
      expect(cardOfActivity(pressed.calls[0]?.body ?? {})).toEqual(pressed.card);
      shown = pressed.shown;
    }
    expect(textsIn(shown.card)).toContain('Review your answers');
    const done = await press('pat', shown, 'confirm');
    if (!done.card) throw new Error('no plan card');
    const texts = textsIn(done.card).join('\n');
    expect(texts).toMatch(/Your KMS key plan/);
    expect(texts).toMatch(/You need 2 KMS keys/);
    expect(texts).toMatch(/alias\/storefront\/prod\/confidential/);
    expect(buttonsIn(done.card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(done.card))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(harness.engine.results.at(-1)).toMatchObject({ outcome: 'finished', state: 'done' });

    const links = [...texts.matchAll(/\[([^\]]+)\]\((http[^)]+)\)/g)].map(([, name, url]) => ({ name, url }));
    expect(links.map((link) => link.name)).toEqual(
      expect.arrayContaining(['keyplan.md', 'keyplan.json', 'keyplan.tf', 'kms-111122223333-us-east-1.yaml']),
    );
    const report = links.find((link) => link.name === 'keyplan.md');
    const download = await fetch(report?.url as string);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="keyplan.md"/);
    expect(await download.text()).toMatch(/alias\/storefront\/prod\/confidential/);
    const tampered = await fetch(`${report?.url}x`);
    expect(tampered.status).toBe(403);
  });

  it('shows a refused answer on its input and keeps the other answers', async () => {
    let shown = await start('rae', personalChat('rae'));
    for (const event of RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment)) {
      shown = (await press('rae', shown, actionIdFor(event), event.type === 'SUBMIT' ? event.values : undefined)).shown;
    }
    const stamp = harness.engine.results.at(-1)?.stamp;
    const refused = await press('rae', shown, 'next', {
      stage: 'prod',
      account: '1234',
      regions: 'us-east-1,eu-west-1',
    });
    if (!refused.card) throw new Error('no card');
    expect(harness.engine.results.at(-1)?.outcome).toBe('rejected');
    expect(errorsIn(refused.card).account).toMatch(/12 digits/);
    const values = Object.fromEntries(inputsIn(refused.card).map((input) => [input.id, input.value]));
    expect(values).toMatchObject({
      'field:stage': 'prod',
      'field:account': '1234',
      'field:regions': 'us-east-1,eu-west-1',
    });
    // The same view stays in front of the user: its stamp is still the one to answer.
    expect(harness.engine.results.at(-1)?.stamp).toEqual(stamp);

    const fixed = await press('rae', refused.shown, 'next', { account: '111122223333' });
    expect(harness.engine.results.at(-1)?.outcome).toBe('applied');
    expect(textsIn(fixed.card ?? {})).toContain('storefront: data set 1');
  });

  it('answers a press on an old card with the current card, applying nothing', async () => {
    const first = await start('sam', personalChat('sam'));
    const [organisation] = RETAIL_ANSWERS;
    const values = organisation?.type === 'SUBMIT' ? organisation.values : {};
    const next = await press('sam', first, 'next', values);
    const version = (await harness.store.conversations.latestActive(TENANT, 'sam', 'interview'))?.version;

    const stale = await press('sam', first, 'next', { name: 'Other Org' });
    if (!stale.card || !next.card) throw new Error('no card');
    expect(harness.engine.results.at(-1)?.outcome).toBe('stale');
    expect(textsIn(stale.card).join('\n')).toMatch(/earlier step/);
    expect(buttonsIn(stale.card).map((button) => button.actionId)).toEqual(
      buttonsIn(next.card).map((button) => button.actionId),
    );
    expect(textsIn(stale.card)).toContain('Data classifications');
    expect((await harness.store.conversations.latestActive(TENANT, 'sam', 'interview'))?.version).toBe(version);
  });

  it("refuses another user's click in a group chat politely, leaving the owner's card alone", async () => {
    const chat: Chat = { id: '19:group-chat@thread.v2', type: 'groupChat', tenantId: 'tenant-a' };
    const owner = await start('olga', chat, '<at>keyplan</at> start');
    const version = (await harness.store.conversations.latestActive(TENANT, 'olga', 'interview'))?.version;

    const refused = await press('victor', owner, 'next', { name: 'Hijacked' });
    expect(refused.card).toBeUndefined();
    expect(refused.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(refused.body.value)).toMatch(/belongs to someone else/);
    expect(refused.calls).toEqual([]);
    expect((await harness.store.conversations.latestActive(TENANT, 'olga', 'interview'))?.version).toBe(version);

    const mine = await press('olga', owner, 'next', { name: 'Olga Org' });
    expect(harness.engine.results.at(-1)?.outcome).toBe('applied');
    expect(mine.calls.map((call) => call.kind)).toEqual(['update']);
  });

  it('takes commands in a channel after the mention', async () => {
    const channel: Chat = { id: '19:general@thread.tacv2;messageid=42', type: 'channel', tenantId: 'tenant-a' };
    const shown = await start('cara', channel, '<at>keyplan</at>&nbsp;start');
    expect(textsIn(shown.card)).toContain('Your organisation');
  });

  it('applies an Action.Submit from a host without Universal Actions, updating the card it came from', async () => {
    const shown = await start('sol', personalChat('sol'));
    const button = buttonsIn(shown.card).find((candidate) => candidate.actionId === 'next');
    if (!button) throw new Error('no next button');
    const [organisation] = RETAIL_ANSWERS;
    const data = pressData(shown.card, button, organisation?.type === 'SUBMIT' ? organisation.values : {});
    const before = harness.connector.calls.length;
    const answer = await harness.post(
      '/api/messages',
      JSON.stringify(
        harness.activity('sol', shown.chat, { type: 'message', value: data, replyToId: shown.activityId }),
      ),
    );
    expect(answer.status).toBe(200);
    const [update] = harness.connector.since(before);
    expect(update).toMatchObject({ kind: 'update', activityId: shown.activityId });
    expect(textsIn(cardOfActivity(update?.body ?? {}) ?? {})).toContain('Data classifications');
  });

  it('resumes an interview with `start` elsewhere, and the earlier card says where it went', async () => {
    const first = await start('uma', personalChat('uma'));
    await press('uma', first, 'next', { name: 'Uma Org' });
    const group: Chat = { id: '19:uma-group@thread.v2', type: 'groupChat', tenantId: 'tenant-a' };
    const again = await start('uma', group, '<at>keyplan</at> start');
    expect(textsIn(again.card)).toContain('Data classifications');
    const marked = await waitFor('the earlier card to be marked', () =>
      harness.connector.calls.find(
        (call) =>
          call.kind === 'update' &&
          call.activityId === first.activityId &&
          textsIn(cardOfActivity(call.body) ?? {})
            .join(' ')
            .includes('newer message'),
      ),
    );
    expect(marked.conversationId).toBe('a:personal-uma');
    expect(buttonsIn(cardOfActivity(marked.body) ?? {})).toEqual([]);
    const stored = await harness.store.conversations.latestActive(TENANT, 'uma', 'interview');
    expect((stored?.surface as { ids: Record<string, string> } | undefined)?.ids.activityId).toBe(again.activityId);
  });

  it('lists the actions of a review too long for buttons in one drop-down, and applies the one picked', async () => {
    // Twelve applications answered (straight through the engine), then the review shown in Teams.
    const apps = Array.from({ length: 12 }, (_, i) => [
      submit({ name: `app-${i + 1}`, team: `team-${i + 1}`, keyAdmins: `Admins${i + 1}` }),
      submit({ stage: 'prod', account: String(100000000000 + i), regions: 'us-east-1' }),
      submit({
        name: `data-${i + 1}`,
        classification: 'confidential',
        services: 's3, dynamodb',
        keyUsers: `App${i + 1}`,
      }),
      submit(i < 11 ? { nextApplication: `app-${i + 2}` } : {}),
    ]).flat();
    const engine = new ConversationEngine({ store: harness.store, flows: [interviewRegistration] });
    const wes = userOf(engine, TENANT, 'wes');
    const review = await wes.play(await wes.open(), [...RETAIL_ANSWERS.slice(0, RETAIL_STEP.application), ...apps]);
    expect(review.state).toBe('review');

    const shown = await start('wes', personalChat('wes'));
    expect(Buffer.byteLength(JSON.stringify(shown.card))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    const pick = inputsIn(shown.card).find((input) => input.id === 'pick:action');
    const choices = ((pick?.choices ?? []) as { title: string; value: string }[]).map((choice) => choice.value);
    const offered = review.replies.flatMap((reply) =>
      reply.type === 'review' ? reply.sections.flatMap((section) => section.actions.map((action) => action.id)) : [],
    );
    expect(choices).toEqual(offered);
    expect(buttonsIn(shown.card).map((button) => button.actionId)).toEqual([
      'picked-action',
      'confirm',
      'add-application',
      'back',
      'cancel',
    ]);

    const go = buttonsIn(shown.card).find((button) => button.actionId === 'picked-action');
    if (!go) throw new Error('no Go button');
    const invoke = harness.invokeActivity('wes', shown.chat, shown.card, shown.activityId, go);
    (invoke.value as { action: { data: Json } }).action.data['pick:action'] = 'edit:application-7';
    const answer = await harness.post('/api/messages', JSON.stringify(invoke));
    expect(answer.status).toBe(200);
    expect(harness.engine.results.at(-1)?.outcome).toBe('applied');
    const edited = (answer.body as Json).value as Json;
    expect(textsIn(edited)).toContain('Application 7');
    expect(inputsIn(edited).find((input) => input.id === 'field:name')?.value).toBe('app-7');
  });

  it('starts over with `start new`', async () => {
    const first = await start('val', personalChat('val'));
    await press('val', first, 'next', { name: 'Val Org' });
    const fresh = await start('val', personalChat('val'), 'start new');
    expect(textsIn(fresh.card)).toContain('Your organisation');
    const old = await press('val', first, 'cancel');
    expect(textsIn(old.card ?? {}).join(' ')).toMatch(/cancelled/);
  });
});
