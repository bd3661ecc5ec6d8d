import { KeyplanError } from '../../core/errors.js';
import { redactOpaqueTokens, redactSecrets } from '../../core/text/redact.js';
import { RESPONSE_TOO_LARGE, TIMEOUT_ERROR } from './bounded-responses.js';

/**
 * Sorting AWS SDK errors into what the user must fix before an audit can run (credentials, region,
 * permission to list keys, a faulty endpoint) and what only affects one key (reported as not readable).
 * Everything taken from an error is bounded and redacted: an endpoint chooses its error text, and a
 * faulty or hostile one echoes the request (the Authorization header, the session token) or sends megabytes.
 */

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'IncompleteSignature',
  'SignatureDoesNotMatch',
  'AuthFailure',
]);

/** JavaScript's own error types: a bug in our code, unless the SDK raised them over a response it could not parse. */
const PROGRAMMING_ERROR_NAMES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Names keyplan gives faults it detects itself (see bounded-responses.ts and inventory/kms-reads.ts). */
export const PAGINATION_LOOP = 'PaginationLoop';
export const TOO_MANY_PAGES = 'TooManyPages';

/** Error text kept from an endpoint: enough for a code and a sentence. */
export const MAX_ERROR_TEXT = 200;

const ERROR_NAME = /^[A-Za-z][A-Za-z0-9_.:#-]{0,99}$/;

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

/** The error's name or code when it looks like one; anything else (an endpoint can send any header) is UnknownError. */
export function errorName(error: unknown): string {
  for (const key of ['name', 'code']) {
    const value = field(error, key);
    if (typeof value === 'string' && value !== '' && value !== 'Error') {
      const name = value.slice(value.lastIndexOf('#') + 1);
      return ERROR_NAME.test(name) ? name : 'UnknownError';
    }
  }
  return 'Error';
}

/**
 * The error's message, redacted, on one line, at most MAX_ERROR_TEXT characters. Control characters
 * are left for the output boundary to show as escapes (printableError), which must see them only once.
 */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // The SDK appends a hint about a hidden $response field: not for users.
  const own = raw.split('\n  Deserialization error')[0] ?? raw;
  const head = own.slice(0, MAX_ERROR_TEXT * 20);
  const clean = redactOpaqueTokens(redactSecrets(head)).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_ERROR_TEXT ? `${clean.slice(0, MAX_ERROR_TEXT)}…` : clean;
}

/** The HTTP status of the response an SDK error came from, if any. */
export function httpStatus(error: unknown): number | null {
  const status = (field(error, '$metadata') as { httpStatusCode?: unknown } | undefined)?.httpStatusCode;
  return typeof status === 'number' ? status : null;
}

/** Raised by the SDK over a response (it carries $metadata), not by our code. */
function fromSdk(error: unknown): boolean {
  return typeof field(error, '$metadata') === 'object';
}

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERROR_NAMES.has(errorName(error));
}

export function isMissingRegionError(error: unknown): boolean {
  return error instanceof Error && error.message.includes('Region is missing');
}

/** A bug in keyplan: a JavaScript error our own code raised. */
export function isProgrammingError(error: unknown): boolean {
  return PROGRAMMING_ERROR_NAMES.has(errorName(error)) && !fromSdk(error);
}

/** An error worth recording against one key rather than stopping the audit. */
export function isPerKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return !isCredentialError(error) && !isProgrammingError(error);
}

export interface CredentialHints {
  profile?: string | undefined;
  roleArn?: string | undefined;
}

/**
 * The message a user sees for a credentials problem: what is wrong and what to set, no stack trace.
 * A CredentialsProviderError means the default chain found nothing at all.
 */
export function credentialsError(error: unknown, hints: CredentialHints): KeyplanError {
  const name = errorName(error);
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const base = hints.profile
      ? `no usable AWS credentials for profile "${hints.profile}" (${errorMessage(error)}): check --profile, or run aws sso login --profile ${hints.profile}`
      : 'no AWS credentials found: set AWS_PROFILE or pass --profile, or run inside a role';
    return new KeyplanError('AWS_CREDENTIALS', base);
  }
  const refresh = hints.profile ? `aws sso login --profile ${hints.profile}` : 'refresh them';
  return new KeyplanError(
    'AWS_CREDENTIALS',
    `AWS rejected the credentials (${name}: ${errorMessage(error)}): ${refresh}, or pass --profile`,
  );
}

/** Errors from STS AssumeRole for --role-arn: name the flag, since the role is the user's input. */
export function assumeRoleError(error: unknown, roleArn: string): KeyplanError {
  return new KeyplanError(
    'AWS_CREDENTIALS',
    `cannot assume --role-arn ${roleArn} (${errorName(error)}: ${errorMessage(error)}): check the role's trust policy and that your identity may call sts:AssumeRole on it`,
  );
}

export interface EndpointContext {
  /** The endpoint as the user may see it (credentials masked), e.g. `--endpoint http://127.0.0.1:4566`. */
  endpoint: string;
  /** The API that failed, e.g. ListKeys. */
  operation: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** What went wrong with the endpoint and what to check, or null when the error is not the endpoint's. */
export function endpointFault(error: unknown, context: EndpointContext): KeyplanError | null {
  const name = errorName(error);
  const status = httpStatus(error);
  const code = field(error, 'code');
  const where = `${context.endpoint} (${context.operation})`;
  let message: string | null = null;
  const raw = error instanceof Error ? error.message : '';
  if (name === TIMEOUT_ERROR && /establish a connection/.test(raw)) {
    message = `cannot connect to ${where} within ${context.connectTimeoutMs} ms: check the URL, your network and any firewall, or raise KEYPLAN_AWS_CONNECT_TIMEOUT_MS`;
  } else if (name === TIMEOUT_ERROR || name === 'AbortError' || code === 'ETIMEDOUT') {
    message = `${where} did not answer within ${context.requestTimeoutMs} ms: check the endpoint and your network, or raise KEYPLAN_AWS_REQUEST_TIMEOUT_MS`;
  } else if (name === RESPONSE_TOO_LARGE) {
    message = `${where} sent a response larger than keyplan accepts (${errorMessage(error)}): check that the endpoint is AWS KMS, or raise KEYPLAN_AWS_MAX_RESPONSE_BYTES`;
  } else if (name === PAGINATION_LOOP || name === TOO_MANY_PAGES) {
    message = `${where} is paging without end (${errorMessage(error)}): the endpoint is faulty; check that it is AWS KMS`;
  } else if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    message =
      status === null
        ? `cannot reach ${where} (${code}): check the URL and your network`
        : `${where} dropped the connection in the middle of its answer (${code}): check the endpoint and your network`;
  } else if (status !== null && status >= 300 && status < 400) {
    message = `${where} answered with a redirect (HTTP ${status}): give the endpoint's final URL`;
  } else if (status !== null && status >= 500) {
    message = `${where} failed with HTTP ${status} (${name}: ${errorMessage(error)}) after retries: try again later, or check the endpoint`;
  } else if (fromSdk(error) && (PROGRAMMING_ERROR_NAMES.has(name) || typeof code === 'string')) {
    const http = status === null ? '' : ` (HTTP ${status})`;
    message = `${where} answered with something that is not a KMS response${http}: check that the endpoint is AWS KMS`;
  } else if (fromSdk(error)) {
    const http = status === null ? '' : `HTTP ${status}, `;
    message = `${where} refused the request (${http}${name}: ${errorMessage(error)}): check the endpoint, the region and the credentials`;
  }
  return message === null ? null : new KeyplanError('ENDPOINT_FAILED', message);
}

/** Turns an error that stops the whole audit into a KeyplanError, or returns null if it is not one. */
export function fatalAwsError(error: unknown, hints: CredentialHints, operation: string): KeyplanError | null {
  if (error instanceof KeyplanError) return error;
  if (isMissingRegionError(error)) {
    return new KeyplanError('USAGE', 'no AWS region: pass --region (or set AWS_REGION, or a region in the profile)');
  }
  const name = errorName(error);
  const raw = error instanceof Error ? error.message : '';
  if (hints.roleArn && /AssumeRole/i.test(raw) && (name === 'AccessDenied' || name === 'AccessDeniedException')) {
    return assumeRoleError(error, hints.roleArn);
  }
  if (isCredentialError(error)) return credentialsError(error, hints);
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new KeyplanError(
      'AWS_ACCESS',
      `not allowed to call kms:${operation} (${errorMessage(error)}): the audit needs kms:ListKeys, kms:ListAliases, kms:DescribeKey, kms:GetKeyPolicy, kms:GetKeyRotationStatus and kms:ListResourceTags`,
    );
  }
  return null;
}
