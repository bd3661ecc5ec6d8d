import type { PolicyDocument } from '../policy/document.js';

/**
 * What the inventory read from KMS, in plain JSON-able data (ISO dates, no SDK classes), so the
 * checks and drift comparison are pure functions that tests can feed by hand.
 */

/** The KMS read operations the inventory uses, each with its own request quota. */
export const KMS_READ_APIS = [
  'ListKeys',
  'ListAliases',
  'DescribeKey',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'ListResourceTags',
] as const;
export type KmsReadApi = (typeof KMS_READ_APIS)[number];

/** The facts DescribeKey returns that the checks use. */
export interface KeyFacts {
  keyId: string;
  arn: string;
  account: string | null;
  /** CUSTOMER or AWS (AWS managed); kept as a string so an unknown future value survives. */
  manager: string;
  /** Enabled, Disabled, PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable, Creating, Updating. */
  state: string;
  spec: string;
  usage: string;
  /** AWS_KMS, EXTERNAL (imported), AWS_CLOUDHSM or EXTERNAL_KEY_STORE. */
  origin: string;
  customKeyStoreId: string | null;
  multiRegion: boolean;
  multiRegionRole: 'PRIMARY' | 'REPLICA' | null;
  primaryArn: string | null;
  description: string;
  creationDate: string | null;
  deletionDate: string | null;
  /** When imported key material expires (ExpirationModel KEY_MATERIAL_EXPIRES). */
  validTo: string | null;
  expirationModel: string | null;
}

export interface RotationFacts {
  enabled: boolean;
  periodDays: number | null;
  nextRotationDate: string | null;
}

export interface PolicyFacts {
  /** The `default` policy exactly as KMS returned it. */
  text: string;
  /** Null when the text is not a policy document we can read (reported as not readable). */
  document: PolicyDocument | null;
}

/** A read that failed for one key: the key is reported as not (fully) readable, never a crash. */
export interface UnreadablePart {
  operation: KmsReadApi;
  /** The AWS error name, e.g. AccessDeniedException, KMSInvalidStateException, ThrottlingException. */
  code: string;
  message: string;
}

export interface KeyRecord {
  keyId: string;
  arn: string | null;
  /** Alias names (`alias/...`) pointing at the key, sorted. */
  aliases: string[];
  /** Null when DescribeKey failed. */
  facts: KeyFacts | null;
  /** Null when rotation does not apply to the key or its status could not be read. */
  rotation: RotationFacts | null;
  /** Null for AWS managed keys (not read) or when GetKeyPolicy failed. */
  policy: PolicyFacts | null;
  /** Null for AWS managed keys (not read) or when ListResourceTags failed. */
  tags: Record<string, string> | null;
  unreadable: UnreadablePart[];
}

export interface Inventory {
  keys: KeyRecord[];
  /** False when ListAliases failed: alias-based checks and drift matching are then skipped. */
  aliasesReadable: boolean;
  /** Account-level remarks for the report (e.g. why a check was skipped). */
  notes: string[];
}
