import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { type AwsLimits, DEFAULT_LIMITS } from '../../config.js';
import { BOUNDED_RESPONSES_LOCATION, boundedResponses } from './bounded-responses.js';

/**
 * The AWS clients the audit uses, built from the command's flags. Credentials come from the SDK's
 * default provider chain (environment, SSO, profiles, container and instance roles); `--profile`
 * selects a profile within it and `--role-arn` assumes a role on top of it. Without `--endpoint` the SDK
 * still honours AWS_ENDPOINT_URL_KMS by itself. Every request is bounded (see AwsLimits).
 */

/** The client types, for callers outside src/audit (which do not import the SDK themselves). */
export type KmsClient = KMSClient;
export type StsClient = STSClient;

export interface AwsTarget {
  region?: string | undefined;
  profile?: string | undefined;
  roleArn?: string | undefined;
  endpoint?: string | undefined;
  /** Sockets for the HTTP agent: the SDK's default pool of 50 would cap the per-API gates. */
  maxSockets: number;
  /** Timeouts and the response size cap; config.ts's defaults when left out. */
  limits?: AwsLimits | undefined;
  /** Fixed credentials instead of the provider chain: for the loopback double in tests and the benchmark. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
}

export const ROLE_SESSION_NAME = 'keyplan-audit';

export const DEFAULT_AWS_LIMITS: AwsLimits = {
  connectTimeoutMs: DEFAULT_LIMITS.awsConnectTimeoutMs,
  requestTimeoutMs: DEFAULT_LIMITS.awsRequestTimeoutMs,
  maxResponseBytes: DEFAULT_LIMITS.awsMaxResponseBytes,
};

type Credentials = ReturnType<typeof fromTemporaryCredentials>;

/** Connection and header timeouts for the SDK's HTTP handler; a timeout is an error, not a logged warning. */
function handlerOptions(limits: AwsLimits) {
  return {
    connectionTimeout: limits.connectTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    throwOnRequestTimeout: true,
  };
}

function bounded<C extends KMSClient | STSClient>(client: C, limits: AwsLimits): C {
  const middleware = boundedResponses({
    requestTimeoutMs: limits.requestTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
  });
  (client.middlewareStack as { addRelativeTo(m: unknown, o: typeof BOUNDED_RESPONSES_LOCATION): void }).addRelativeTo(
    middleware,
    BOUNDED_RESPONSES_LOCATION,
  );
  return client;
}

function assumedRoleCredentials(target: AwsTarget, limits: AwsLimits): Credentials | undefined {
  if (!target.roleArn) return undefined;
  return fromTemporaryCredentials({
    params: { RoleArn: target.roleArn, RoleSessionName: ROLE_SESSION_NAME },
    masterCredentials: fromNodeProviderChain(target.profile ? { profile: target.profile } : {}),
    clientConfig: {
      ...(target.region ? { region: target.region } : {}),
      requestHandler: handlerOptions(limits),
      maxAttempts: 2,
    },
  });
}

export function buildClients(target: AwsTarget): { kms: KMSClient; sts: STSClient } {
  const limits = target.limits ?? DEFAULT_AWS_LIMITS;
  const credentials = target.credentials ?? assumedRoleCredentials(target, limits);
  const common = {
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
    ...(credentials ? { credentials } : {}),
  };
  // maxFreeSockets too: Node's default of 256 would close idle sockets between bursts and reconnect.
  const agent = { keepAlive: true, maxSockets: target.maxSockets, maxFreeSockets: target.maxSockets };
  const kms = new KMSClient({
    ...common,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    requestHandler: { ...handlerOptions(limits), httpAgent: agent, httpsAgent: agent },
    // Retries and adaptive rate limiting happen per API in src/audit/inventory (see retry.ts).
    maxAttempts: 1,
    // The middleware stack is fixed, so resolve it once per command class instead of on every request.
    cacheMiddleware: true,
  });
  const sts = new STSClient({ ...common, requestHandler: handlerOptions(limits), maxAttempts: 2 });
  return { kms: bounded(kms, limits), sts: bounded(sts, limits) };
}
