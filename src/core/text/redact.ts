/**
 * Takes secrets out of text before it is printed or logged: passwords in URLs, request headers that
 * carry credentials, SigV4 signatures, and any secret value the caller knows (the configured AWS secret
 * key and session token, the database password). Text that came from a remote endpoint can echo a
 * request, so it also loses opaque tokens (redactOpaqueTokens).
 */

const MASK = '***';

/** `scheme://user:password@host` → `scheme://user:***@host`. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#@]*)@/gi;

/** Header or field names whose value is a credential, followed by their value. */
const CREDENTIAL_FIELD =
  /\b(authorization|proxy-authorization|x-amz-security-token|x-amz-session-token|aws_session_token|aws_secret_access_key|secretaccesskey|sessiontoken|cookie|set-cookie|password)(["']?\s*[:=]\s*["']?)([^"'\r\n,;}]*)/gi;

/** SigV4 pieces in a query string or an Authorization value. */
const SIGNATURE = /\b(Signature|X-Amz-Signature|X-Amz-Credential|Credential)=([^\s&,"']+)/g;

/** Base64 runs of 40+ characters: secret access keys are 40, session tokens several hundred. */
const BASE64_RUN = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/=]{40,}(?![A-Za-z0-9+/=])/g;

/** Secrets shorter than this are not searched for: masking every "a" would destroy the message. */
const MIN_KNOWN_SECRET = 4;

export function maskUrlCredentials(text: string): string {
  return text.replace(URL_PASSWORD, (_, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
}

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= MIN_KNOWN_SECRET) out = out.split(secret).join(MASK);
  }
  return maskUrlCredentials(out)
    .replace(CREDENTIAL_FIELD, (_, name: string, separator: string) => `${name}${separator}${MASK}`)
    .replace(SIGNATURE, (_, name: string) => `${name}=${MASK}`);
}

/**
 * Long base64 runs that mix upper case, lower case and digits, as keys and tokens do; paths, ARNs and
 * key ids (lower-case hex with dashes) do not look like that.
 */
export function redactOpaqueTokens(text: string): string {
  return text.replace(BASE64_RUN, (run) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? MASK : run));
}
