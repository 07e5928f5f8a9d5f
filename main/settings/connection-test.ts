/**
 * The Settings window's "Test connection": logs in once with a throwaway session (its own
 * resource, no presence, no engine), then closes it. Failures become a kind the form can act
 * on, the problem and what to do about it, which the form words. No Electron here.
 */
import { randomUUID } from 'node:crypto';
import type {
  AccountSettings,
  ConnectionTestAdvice,
  ConnectionTestFailure,
  ConnectionTestResult,
} from '../../core/desktop-api.ts';
import {
  connectionProblem,
  isAuthFailure,
  UnsafeConnectionError,
  type ConnectionProblem,
} from '../../core/connection-errors.ts';
import { XmppSession } from '../../core/xmpp-session.ts';
import { fetchServerCertificate } from './peer-certificate.ts';
import { sessionOptionsFor } from '../connection/session-options.ts';

export const DEFAULT_TEST_TIMEOUT_MS = 10_000;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
]);
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** How a login failed; 'invalid' is the request's, before any login. */
type LoginFailure = Exclude<ConnectionTestFailure, 'invalid'>;

/** Which kind of failure an error from the network, TLS or SASL layer is. */
export function classifyConnectionError(error: unknown): LoginFailure {
  if (isAuthFailure(error)) return 'auth';
  if (error instanceof UnsafeConnectionError) return 'no-tls';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (CERTIFICATE_CODE.test(code)) return 'certificate';
    if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  }
  return 'other';
}

const ADVICE: Record<LoginFailure, ConnectionTestAdvice | null> = {
  auth: 'auth',
  unreachable: 'unreachable',
  certificate: 'certificate',
  'no-tls': 'no-tls',
  timeout: 'timeout',
  other: null,
};

/**
 * Codes that mean "signed by an authority this computer does not know": a company CA, which
 * the CA certificate setting fixes. A wrong name or an expired certificate it cannot fix.
 */
const UNKNOWN_ISSUER_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

function adviceFor(kind: LoginFailure, error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  const unknownIssuer = typeof code === 'string' && UNKNOWN_ISSUER_CODES.has(code);
  return kind === 'certificate' && unknownIssuer ? 'unknown-issuer' : ADVICE[kind];
}

/**
 * Node's advice for a refused certificate: the app already trusts the system store, and its
 * users cannot pass Node flags.
 */
const NODE_CA_HINT =
  /; if the root CA is installed locally, try running Node\.js with --use-system-ca/;

function failure(
  kind: LoginFailure,
  problem: ConnectionProblem,
  advice = ADVICE[kind],
): ConnectionTestResult {
  if (problem.code === 'certificate-problem') {
    const detail = problem.params.detail.replace(NODE_CA_HINT, '');
    return {
      ok: false,
      kind,
      problem: { ...problem, params: { ...problem.params, detail } },
      advice,
    };
  }
  return { ok: false, kind, problem, advice };
}

export interface ConnectionTestOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

/** Logs in with the given account and password once; never throws. */
export async function testAccountConnection(
  account: AccountSettings,
  password: string,
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  let session: XmppSession;
  try {
    session = new XmppSession({
      ...sessionOptionsFor(account, password),
      resource: `herald-test-${randomUUID().slice(0, 8)}`,
      connectTimeoutMs: timeoutMs + 1_000,
    });
  } catch (error) {
    const detail = (error as Error).message;
    return { ok: false, kind: 'invalid', problem: { code: 'invalid', params: { detail } } };
  }
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<ConnectionTestResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          failure('timeout', {
            code: 'timeout',
            params: { seconds: Math.round(timeoutMs / 1000) },
          }),
        ),
      timeoutMs,
    );
    // The raw error says more than the session's status (the advice depends on its code).
    // First in line: for a fatal error (no TLS) the session's own handler turns it into an
    // 'error' status at once, and the first answer is the one that counts.
    session.xmpp.prependListener('error', (error) => {
      const kind = classifyConnectionError(error);
      resolve(failure(kind, connectionProblem(error), adviceFor(kind, error)));
    });
    session.on('status', (status) => {
      if (status.state === 'online') resolve({ ok: true, jid: status.jid });
      else if (status.state === 'auth-failed') resolve(failure('auth', status.problem));
      else if (status.state === 'error') resolve(failure('other', status.problem));
      else if (status.state === 'reconnecting') {
        resolve(failure('unreachable', status.problem ?? { code: 'closed', params: {} }));
      }
    });
  });
  session.start();
  const result = await outcome;
  clearTimeout(timer);
  await closeQuietly(session);
  if (result.ok || result.kind !== 'certificate') return result;
  const certificate = await fetchServerCertificate(account);
  return certificate ? { ...result, certificate } : result;
}

/** Close the throwaway stream; a server that stopped answering must not hold the form up. */
async function closeQuietly(session: XmppSession): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    session.stop().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000))),
  ]);
  clearTimeout(timer);
}
