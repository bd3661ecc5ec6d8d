/**
 * The slice of Adaptive Cards 1.5 keyplan sends to Teams, as plain data. Teams renders version 1.5
 * with Universal Actions (`Action.Execute`); older hosts fall back to `Action.Submit`.
 */

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.5';

/**
 * Teams refuses a bot message above about 28 KB (the whole activity). Cards are kept under this
 * budget so the envelope (ids, reference, channel data) fits beside them.
 */
export const CARD_BYTE_BUDGET = 24 * 1024;

export type TextColor = 'default' | 'good' | 'warning' | 'attention' | 'accent';

/** Any card element or action: a `type` and its properties, as the schema names them. */
export interface CardElement {
  type: string;
  [property: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardElement[];
}

export interface TextOptions {
  weight?: 'bolder' | 'default';
  size?: 'small' | 'default' | 'medium' | 'large';
  color?: TextColor;
  subtle?: boolean;
  fontType?: 'default' | 'monospace';
  id?: string;
  spacing?: 'none' | 'small' | 'medium' | 'large';
}

export function text(value: string, options: TextOptions = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function container(items: CardElement[], options: Record<string, unknown> = {}): CardElement {
  return { type: 'Container', items, ...options };
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** The size Teams counts: the card as JSON, in UTF-8 bytes. */
export function cardBytes(value: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
