import { KeyplanError } from '../../core/errors.js';

/**
 * Sorting AWS SDK errors into what the user must fix before an audit can run (credentials, region,
 * permission to list keys) and what only affects one key (reported as not readable).
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

/** JavaScript's own error types: a bug in our code, never something to report per key. */
const PROGRAMMING_ERROR_NAMES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'Error';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERROR_NAMES.has(errorName(error));
}

export function isMissingRegionError(error: unknown): boolean {
  return errorMessage(error).includes('Region is missing');
}

/** An error worth recording against one key rather than stopping the audit. */
export function isPerKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return !isCredentialError(error) && !PROGRAMMING_ERROR_NAMES.has(errorName(error));
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

/** Turns an error that stops the whole audit into a KeyplanError, or returns null if it is not one. */
export function fatalAwsError(error: unknown, hints: CredentialHints, operation: string): KeyplanError | null {
  if (error instanceof KeyplanError) return error;
  if (isMissingRegionError(error)) {
    return new KeyplanError('USAGE', 'no AWS region: pass --region (or set AWS_REGION, or a region in the profile)');
  }
  const name = errorName(error);
  const message = errorMessage(error);
  if (hints.roleArn && /AssumeRole/i.test(message) && (name === 'AccessDenied' || name === 'AccessDeniedException')) {
    return assumeRoleError(error, hints.roleArn);
  }
  if (isCredentialError(error)) return credentialsError(error, hints);
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new KeyplanError(
      'AWS_ACCESS',
      `not allowed to call kms:${operation} (${message}): the audit needs kms:ListKeys, kms:ListAliases, kms:DescribeKey, kms:GetKeyPolicy, kms:GetKeyRotationStatus and kms:ListResourceTags`,
    );
  }
  return null;
}
