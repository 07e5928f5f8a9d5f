/** Turns what the network, TLS and SASL layers throw into one sentence a user can act on. */

const AUTH_CONDITIONS = new Set([
  'not-authorized',
  'account-disabled',
  'credentials-expired',
  'invalid-mechanism',
  'mechanism-too-weak',
]);

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
]);

/** Thrown by the session itself when continuing would be unsafe; retrying cannot help. */
export class UnsafeConnectionError extends Error {
  override name = 'UnsafeConnectionError';
}

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  condition?: unknown;
  message?: unknown;
}

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : {};
}

export function isAuthFailure(error: unknown): boolean {
  const { name, condition } = fields(error);
  return name === 'SASLError' && typeof condition === 'string' && AUTH_CONDITIONS.has(condition);
}

/** Errors after which retrying is pointless until the user changes something. */
export function isFatal(error: unknown): boolean {
  return isAuthFailure(error) || error instanceof UnsafeConnectionError;
}

/** How describeConnectionError starts a refused certificate's sentence. */
const CERTIFICATE_PROBLEM = 'certificate problem: ';

/**
 * Whether a status reason (a describeConnectionError sentence) is a refused certificate: the
 * session's status carries only the sentence, and the UI then shows the server's certificate.
 */
export function isCertificateProblem(reason: string | null): boolean {
  return reason?.startsWith(CERTIFICATE_PROBLEM) ?? false;
}

export function describeConnectionError(error: unknown): string {
  const { name, code, condition, message } = fields(error);
  const text = typeof message === 'string' ? message : String(error);
  if (name === 'SASLError') {
    if (condition === 'not-authorized') return 'wrong user name or password';
    return `login refused by the server: ${text}`;
  }
  if (typeof code === 'string') {
    if (CERTIFICATE_CODES.has(code)) return `${CERTIFICATE_PROBLEM}${text} (${code})`;
    if (code === 'ECONNREFUSED') return `server unreachable: connection refused (${text})`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `server not found: ${text}`;
    if (code === 'ECONNRESET' || code === 'EPIPE') return `connection lost: ${text}`;
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return `server unreachable: ${text}`;
    }
  }
  if (name === 'StreamError') return `the server closed the stream: ${text}`;
  return text;
}
