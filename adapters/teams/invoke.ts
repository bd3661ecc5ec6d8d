import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { type AdaptiveCard, CARD_CONTENT_TYPE } from './cards/adaptive.js';

/** Teams' answer to an invoke travels as an `invokeResponse` activity the adapter turns into the HTTP reply. */
function invokeResponse(status: number, body?: unknown): Partial<Activity> {
  return { type: 'invokeResponse', value: { status, ...(body === undefined ? {} : { body }) } };
}

/** `adaptiveCard/action` answered with a card: Teams puts it in place of the card that was pressed. */
export function cardResponse(card: AdaptiveCard): Partial<Activity> {
  return invokeResponse(200, { statusCode: 200, type: CARD_CONTENT_TYPE, value: card });
}

/** `adaptiveCard/action` answered with a message: Teams shows it to the person who pressed, the card stays. */
export function messageResponse(message: string): Partial<Activity> {
  return invokeResponse(200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message });
}

export function errorResponse(status: 400 | 500, message: string): Partial<Activity> {
  return invokeResponse(status, {
    statusCode: status,
    type: 'application/vnd.microsoft.error',
    value: { code: status === 400 ? 'BadRequest' : 'InternalError', message },
  });
}

export function okResponse(): Partial<Activity> {
  return invokeResponse(200);
}

/** The value of an `adaptiveCard/action` invoke: the pressed action with its data and the inputs. */
export const ExecuteValueSchema = z.object({
  action: z.object({
    type: z.string().optional(),
    verb: z.string().max(200).optional(),
    data: z.record(z.string(), z.unknown()),
  }),
});

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
