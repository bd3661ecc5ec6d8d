import { planSummary } from '../../flows/plan-summary.js';
import type { PlanSummaryReply } from '../../flows/replies.js';
import { isKmsKeyTeamCreates, KeyplanError, type Plan, PlanSchema, stampApproval } from '../core/index.js';
import type { ListedPlan, PlanRecord, PlanStatus, Store, Tenant } from '../store/index.js';
import { planAttachments } from './attachments.js';

/** One stored plan as chat lists it (status, App Home, `keyplan plans`). */
export interface PlanListing {
  id: string;
  organization: string;
  /** Who answered the interview it came from. */
  author: string;
  createdAt: string;
  status: PlanStatus;
  /** KMS keys the team creates (customer managed, imported, replicas). */
  keys: number;
  monthlyUsd: number;
}

export interface StoredPlan {
  listing: PlanListing;
  plan: Plan;
  /** The summary with the plan's exports attached, ready to render. */
  summary: PlanSummaryReply;
}

/** What each plan status means, in words for people. */
export const PLAN_STATUS_TEXT: Record<PlanStatus, string> = {
  draft: 'not submitted for approval',
  pending: 'waiting for the security team',
  approved: 'approved',
  'changes-requested': 'changes requested',
  rejected: 'rejected',
  superseded: 'superseded by a newer plan',
  expired: 'approval request expired',
};

const ApprovalSchema = PlanSchema.shape.approval.unwrap();

function readPlan(record: PlanRecord): Plan {
  const parsed = PlanSchema.safeParse(record.plan);
  if (!parsed.success) throw new KeyplanError('INTERNAL', `stored plan ${record.id} is not a readable plan`);
  return parsed.data;
}

function listingOf(record: ListedPlan, plan: Plan): PlanListing {
  return {
    id: record.id,
    organization: plan.organization,
    author: record.author,
    createdAt: record.createdAt,
    status: record.status,
    keys: plan.keys.filter(isKmsKeyTeamCreates).length,
    monthlyUsd: plan.cost.monthlyUsd,
  };
}

/**
 * The stored plans of a workspace, for adapters: they may not touch the store, so this is their read
 * port for `status`, `plan`, App Home and the command line.
 */
export class PlanDirectory {
  constructor(private readonly store: Pick<Store, 'plans'>) {}

  async list(tenant: Tenant, options: { limit?: number; author?: string } = {}): Promise<PlanListing[]> {
    const records = await this.store.plans.list(tenant, options);
    return records.map((record) => listingOf(record, readPlan(record)));
  }

  /** The newest plan of the workspace, or of one author. */
  async latest(tenant: Tenant, author?: string): Promise<StoredPlan | undefined> {
    const [record] = await this.store.plans.list(tenant, { limit: 1, ...(author ? { author } : {}) });
    return record ? this.#stored(record) : undefined;
  }

  async get(tenant: Tenant, id: string): Promise<StoredPlan | undefined> {
    const [record] = await this.store.plans.list(tenant, { id, limit: 1 });
    return record ? this.#stored(record) : undefined;
  }

  #stored(record: ListedPlan): StoredPlan {
    const approval = ApprovalSchema.safeParse(record.approval);
    // An approved plan's exports carry its approval: who, when, and the content hash they approved.
    const plan = approval.success ? stampApproval(readPlan(record), approval.data) : readPlan(record);
    const summary = { ...planSummary(plan, record.id), attachments: planAttachments(plan) };
    return { listing: listingOf(record, plan), plan, summary };
  }
}
