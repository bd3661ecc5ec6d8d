import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewEvent } from '../../flows/interview.machine.js';
import type { Outcome } from '../../src/conversation/index.js';
import { RETAIL_ANSWERS, RETAIL_STEP } from '../flows/drive.js';

/**
 * The contract every adapter keeps with the engine (DESIGN §5), as vercel/chat checks its adapters:
 * one suite, run against each adapter through its own input path (HTTP payloads for Slack and Teams,
 * direct calls for the engine itself). A driver renders what the adapter sent the user and presses
 * buttons the way the platform would deliver the press.
 */
export interface Seen {
  outcome: Outcome;
  conversationId: string;
  /** The flow state the adapter's reply shows (from the engine's result). */
  state: string;
  /** The action ids as the adapter rendered them (buttons, typed commands), in order. */
  actionIds: string[];
  /** Field errors the adapter showed, by field id. */
  errors: Record<string, string>;
}

export interface AdapterDriver {
  /** Opens (or resumes) the interview for this user through the adapter. */
  open(userId: string): Promise<Seen>;
  /** The user presses an action of what they saw; `values` fill the form where the action submits it. */
  press(userId: string, seen: Seen, actionId: string, values?: Record<string, unknown>): Promise<Seen>;
  /** The platform delivers the last press again (a retry with the same delivery id). */
  redeliver(): Promise<Seen>;
  close(): Promise<void>;
}

type Step = { event: InterviewEvent; actionId: string; values?: Record<string, unknown> };

/** The seed's Example 1 as presses: each answer through the action that sends it. */
const SCRIPT: Step[] = [
  ...RETAIL_ANSWERS.map((event): Step => {
    if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
    return { event, actionId: event.addAnother ? 'add-another' : 'next', values: event.values };
  }),
  { event: { type: 'CONFIRM' }, actionId: 'confirm' },
];

/** Valid answers for a submitting action other than the script's own at that step. */
function valuesFor(step: Step, actionId: string): Record<string, unknown> | undefined {
  if (actionId === 'next' || actionId === 'add-another') return step.values ?? {};
  return undefined;
}

const ACCEPTED: Outcome[] = ['applied', 'finished'];

export function adapterContract(name: string, makeDriver: () => Promise<AdapterDriver>): void {
  describe(`adapter contract: ${name}`, () => {
    let driver: AdapterDriver;
    let users = 0;
    const newUser = () => `contract-${++users}`;

    beforeAll(async () => {
      driver = await makeDriver();
    });
    afterAll(async () => {
      await driver.close();
    });

    /** A new user walks the script up to step `upTo` (exclusive) and returns what they see there. */
    async function walk(userId: string, upTo: number): Promise<Seen> {
      let seen = await driver.open(userId);
      for (const step of SCRIPT.slice(0, upTo)) {
        seen = await driver.press(userId, seen, step.actionId, step.values);
        expect(ACCEPTED, `${step.actionId} at ${seen.state}`).toContain(seen.outcome);
      }
      return seen;
    }

    it('walks the seed Example 1 from the first form to the plan through the adapter', async () => {
      const seen = await walk(newUser(), SCRIPT.length);
      expect(seen).toMatchObject({ outcome: 'finished', state: 'done' });
    });

    it('accepts every action of every view, sent back as the adapter rendered it', async () => {
      const checked: string[] = [];
      for (let at = 0; at < SCRIPT.length; at++) {
        const step = SCRIPT[at] as Step;
        const view = await walk(newUser(), at);
        expect(view.actionIds, `the view at ${view.state} offers the script's action`).toContain(step.actionId);
        for (const actionId of view.actionIds) {
          // Each press on a copy of the conversation at this point: a new user walks here again.
          const user = newUser();
          const here = await walk(user, at);
          const pressed = await driver.press(user, here, actionId, valuesFor(step, actionId));
          expect(ACCEPTED, `${actionId} at ${here.state} was ${pressed.outcome}`).toContain(pressed.outcome);
          checked.push(`${here.state}:${actionId}`);
        }
      }
      // Forms, review, save, back, cancel, add, edit and remove were all pressed at least once.
      for (const kind of [
        'next',
        'add-another',
        'save',
        'back',
        'cancel',
        'confirm',
        'edit:',
        'remove:',
        'add-application',
      ]) {
        expect(
          checked.some((entry) => entry.includes(`:${kind}`)),
          kind,
        ).toBe(true);
      }
    }, 120_000);

    it('refuses a stale press (the same button twice) with the current view, applying nothing', async () => {
      const user = newUser();
      const first = await driver.open(user);
      const step = SCRIPT[0] as Step;
      const next = await driver.press(user, first, step.actionId, step.values);
      const again = await driver.press(user, first, step.actionId, step.values);
      expect(next.outcome).toBe('applied');
      expect(again).toMatchObject({ outcome: 'stale', state: next.state, actionIds: next.actionIds });
    });

    it("refuses another user's press politely, and the owner's conversation is untouched", async () => {
      const owner = newUser();
      const seen = await driver.open(owner);
      const refused = await driver.press(newUser(), seen, 'cancel');
      expect(refused.outcome).toBe('forbidden');
      expect(refused.actionIds).toEqual([]);
      const still = await driver.open(owner);
      expect(still).toMatchObject({ conversationId: seen.conversationId, state: seen.state });
    });

    it('applies a redelivered press once', async () => {
      const user = newUser();
      const seen = await walk(user, RETAIL_STEP.environment);
      const once = await driver.press(user, seen, 'add-another', {
        stage: 'dev',
        account: '111122223333',
        regions: 'us-east-1',
      });
      const again = await driver.redeliver();
      expect(once.outcome).toBe('applied');
      expect(again).toMatchObject({ outcome: 'duplicate', state: once.state, actionIds: once.actionIds });
    });

    it('reports a refused answer as rejected, with the error on its field', async () => {
      const user = newUser();
      const seen = await walk(user, RETAIL_STEP.environment);
      const rejected = await driver.press(user, seen, 'next', { stage: 'prod', account: '1234', regions: 'us-east-1' });
      expect(rejected.outcome).toBe('rejected');
      expect(rejected.errors.account).toMatch(/12 digits/);
      const fixed = await driver.press(user, seen, 'next', {
        stage: 'prod',
        account: '111122223333',
        regions: 'us-east-1',
      });
      expect(fixed.outcome).toBe('applied');
    });
  });
}
