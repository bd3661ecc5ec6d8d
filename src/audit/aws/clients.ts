import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/**
 * The AWS clients the audit uses, built from the command's flags. Credentials come from the SDK's
 * default provider chain (environment, SSO, profiles, container and instance roles); `--profile`
 * selects a profile within it and `--role-arn` assumes a role on top of it. Without `--endpoint` the SDK
 * still honours AWS_ENDPOINT_URL_KMS by itself.
 */

export interface AwsTarget {
  region?: string | undefined;
  profile?: string | undefined;
  roleArn?: string | undefined;
  endpoint?: string | undefined;
  /** Sockets for the HTTP agent: the SDK's default pool of 50 would cap the per-API gates. */
  maxSockets: number;
  /** Fixed credentials instead of the provider chain: for the loopback double in tests and the benchmark. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export const ROLE_SESSION_NAME = 'keyplan-audit';

type Credentials = ReturnType<typeof fromTemporaryCredentials>;

function assumedRoleCredentials(target: AwsTarget): Credentials | undefined {
  if (!target.roleArn) return undefined;
  return fromTemporaryCredentials({
    params: { RoleArn: target.roleArn, RoleSessionName: ROLE_SESSION_NAME },
    masterCredentials: fromNodeProviderChain(target.profile ? { profile: target.profile } : {}),
    ...(target.region ? { clientConfig: { region: target.region } } : {}),
  });
}

export function buildClients(target: AwsTarget): { kms: KMSClient; sts: STSClient } {
  const credentials = target.credentials ?? assumedRoleCredentials(target);
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
    requestHandler: { httpAgent: agent, httpsAgent: agent },
    // Retries and adaptive rate limiting happen per API in src/audit/inventory (see retry.ts).
    maxAttempts: 1,
    // The middleware stack is fixed, so resolve it once per command class instead of on every request.
    cacheMiddleware: true,
  });
  const sts = new STSClient(common);
  return { kms, sts };
}
