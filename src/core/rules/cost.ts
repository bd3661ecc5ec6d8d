import type { KeyType, Rotation } from '../plan/schema.js';
import { defineRule } from '../rule.js';

/** AWS KMS prices (DESIGN §6). */
export const KEY_MONTHLY_USD = 1;
export const ROTATION_SURCHARGE_USD = 1;
export const ROTATION_SURCHARGE_CAP = 2;
export const REQUEST_PRICE_USD_PER_10K = 0.03;
export const FREE_REQUESTS_PER_ACCOUNT_MONTH = 20_000;
const DAYS_PER_MONTH = 365 / 12;

export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function teamPays(type: KeyType): boolean {
  return type === 'customer-managed' || type === 'customer-managed-imported';
}

/** Monthly fee of a key in month `month` (1-based) of its life: $1, then +$1 after each of the first two rotations. */
export function keyFeeInMonth(
  type: KeyType,
  rotation: Pick<Rotation, 'automatic' | 'periodDays'>,
  month: number,
): number {
  if (!teamPays(type)) return 0;
  if (!rotation.automatic || rotation.periodDays === null) return KEY_MONTHLY_USD;
  const ageDays = (month - 1) * DAYS_PER_MONTH;
  const rotations = Math.floor(ageDays / rotation.periodDays + 1e-9);
  return KEY_MONTHLY_USD + ROTATION_SURCHARGE_USD * Math.min(rotations, ROTATION_SURCHARGE_CAP);
}

export function requestCostUsd(requestsPerMonth: number): number {
  return (Math.max(0, requestsPerMonth - FREE_REQUESTS_PER_ACCOUNT_MONTH) / 10_000) * REQUEST_PRICE_USD_PER_10K;
}

export interface CostInput {
  keys: readonly { type: KeyType; rotation: Rotation }[];
  /** Requests per month on keys the team creates, summed per account (the free tier is per account). */
  requestsByAccount: ReadonlyMap<string, number>;
  /** The accounts share one consolidated bill: the free tier is counted once for all of them. */
  consolidatedBilling?: boolean;
}

export interface CostSummary {
  monthlyUsd: number;
  yearlyUsd: [number, number, number];
  notes: string[];
}

export const costRule = defineRule(
  {
    id: 'cost',
    principle: 'AWS',
    title: 'Monthly and three-year cost',
    rationale:
      'Each KMS key costs $1 a month (each multi-Region replica too); each of the first two rotations adds $1 a month, then the price stays; requests cost $0.03 per 10,000 beyond 20,000 free a month per account. AWS managed and owned keys have no monthly fee.',
  },
  (context, input: CostInput): CostSummary => {
    let requests = 0;
    let requestUsd = 0;
    for (const count of input.requestsByAccount.values()) {
      requests += count;
      requestUsd += requestCostUsd(count);
    }
    if (input.consolidatedBilling) requestUsd = requestCostUsd(requests);
    const monthly = input.keys.reduce((sum, key) => sum + keyFeeInMonth(key.type, key.rotation, 1), 0) + requestUsd;
    const yearOf = (year: number) => {
      let total = 0;
      for (let month = year * 12 + 1; month <= year * 12 + 12; month++) {
        total += input.keys.reduce((sum, key) => sum + keyFeeInMonth(key.type, key.rotation, month), 0) + requestUsd;
      }
      return cents(total);
    };
    const paid = input.keys.filter((key) => teamPays(key.type)).length;
    const notes = [
      `${paid} KMS key(s) at $${KEY_MONTHLY_USD}/month each, prorated hourly; multi-Region replicas are billed as keys.`,
      'Automatic rotation adds $1/month per key after the first and after the second rotation, then the price is capped ($1 → $2 → $3).',
      'AWS managed and AWS owned keys have no monthly fee; requests on AWS managed keys are billed through the service that makes them.',
    ];
    if (requests > 0) {
      const free = FREE_REQUESTS_PER_ACCOUNT_MONTH.toLocaleString('en-US');
      notes.push(
        `${requests.toLocaleString('en-US')} requests/month on these keys cost $${cents(requestUsd).toFixed(2)} (symmetric requests, $0.03 per 10,000).`,
        'Assumption: requestsPerMonth is per region, so a data set in several regions (multi-Region replicas included) counts it once in each.',
        input.consolidatedBilling
          ? `Assumption: the accounts share one consolidated bill, so the free tier of ${free} requests a month is counted once for all of them.`
          : `Assumption: the free tier of ${free} requests a month is subtracted for each account; if your accounts share one consolidated bill, set organization.consolidatedBilling: true and it is counted once.`,
      );
    } else {
      notes.push('Request cost not estimated: give requestsPerMonth on data sets to include it.');
    }
    const summary: CostSummary = { monthlyUsd: cents(monthly), yearlyUsd: [yearOf(0), yearOf(1), yearOf(2)], notes };
    context.because(
      costRule,
      'plan',
      `$${summary.monthlyUsd.toFixed(2)}/month now; years 1–3: ${summary.yearlyUsd.map((y) => `$${y.toFixed(2)}`).join(', ')}`,
    );
    return summary;
  },
);
