/**
 * Turns what the network, TLS and SASL layers throw into a ConnectionProblem: a code with
 * parameters, which the desktop UI words in the user's language and the CLI in English.
 */
import { isConnectionCause, type ConnectionCause } from '../shared/i18n/connection-causes.ts';
import { problemLogText } from '../shared/i18n/connection-problems.ts';

/** The parameters of each problem. `detail`: the error's own (English) message. */
export interface ProblemParams {
  'auth-failed': Record<string, never>;
  'login-refused': { detail: string };
  'certificate-problem': { detail: string; certificateCode: string };
  'connection-refused': { detail: string };
  'host-not-found': { detail: string };
  'connection-lost': { detail: string };
  unreachable: { detail: string };
  'stream-error': { detail: string };
  'tls-required': Record<string, never>;
  'plaintext-password': { mechanisms: string };
  timeout: { seconds: number };
  'keepalive-timeout': { seconds: number };
  'reconnect-requested': Record<string, never>;
  closed: Record<string, never>;
  other: { detail: string };
}

export type ProblemCode = keyof ProblemParams;

/**
 * Why a connection failed, as data: `problemText` (shared/i18n) words it. `cause`: what lies
 * behind a problem with a `detail`, when Herald knows it (an OS code, a certificate verdict,
 * `sasl:…` or `stream:…` for an XMPP condition); the windows word it instead of the detail.
 */
export type ConnectionProblem = {
  [C in ProblemCode]: { code: C; params: ProblemParams[C]; cause?: ConnectionCause };
}[ProblemCode];

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
  readonly problem: ConnectionProblem;

  constructor(problem: ConnectionProblem) {
    super(problemLogText(problem));
    this.problem = problem;
  }
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

/**
 * Whether a problem is a refused certificate: the UI then shows the server's certificate.
 * Accepts null (a reconnect with no known cause) for the callers' convenience.
 */
export function isCertificateProblem(problem: ConnectionProblem | null): boolean {
  return problem?.code === 'certificate-problem';
}

export function connectionProblem(error: unknown): ConnectionProblem {
  if (error instanceof UnsafeConnectionError) return error.problem;
  const { name, code, condition, message } = fields(error);
  const detail = typeof message === 'string' ? message : String(error);
  // Only a cause the windows can word is kept: the rest stays the detail's to say.
  const known = (cause: string) => (isConnectionCause(cause) ? { cause } : {});
  if (name === 'SASLError') {
    if (condition === 'not-authorized') return { code: 'auth-failed', params: {} };
    return { code: 'login-refused', params: { detail }, ...known(`sasl:${String(condition)}`) };
  }
  if (typeof code === 'string') {
    if (CERTIFICATE_CODES.has(code)) {
      return {
        code: 'certificate-problem',
        params: { detail, certificateCode: code },
        ...known(code),
      };
    }
    if (code === 'ECONNREFUSED') {
      return { code: 'connection-refused', params: { detail }, ...known(code) };
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return { code: 'host-not-found', params: { detail }, ...known(code) };
    }
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      return { code: 'connection-lost', params: { detail }, ...known(code) };
    }
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return { code: 'unreachable', params: { detail }, ...known(code) };
    }
  }
  if (name === 'StreamError') {
    return { code: 'stream-error', params: { detail }, ...known(`stream:${String(condition)}`) };
  }
  return { code: 'other', params: { detail } };
}

/** The problem in one English sentence, for the CLI and the logs. */
export function describeProblem(problem: ConnectionProblem): string {
  return problemLogText(problem);
}

export function describeConnectionError(error: unknown): string {
  return describeProblem(connectionProblem(error));
}
