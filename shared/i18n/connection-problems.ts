/**
 * A connection problem (core/connection-errors.ts) in words. One sentence per code, whose
 * `{reason}` is filled two ways: for the CLI and the logs (English) with the library's own
 * message, as they always printed it (tests and scripts read those sentences); for the windows
 * and the tray with the worded cause (connection-causes.ts), the message shown beside it only
 * when the cause is not one Herald knows.
 */
import type { Language } from '../../core/desktop-api.ts';
import type { ConnectionProblem, ProblemCode } from '../../core/connection-errors.ts';
import { causeText } from './connection-causes.ts';
import { fillPlaceholders } from './translate.ts';

export const PROBLEM_TEXTS: Readonly<Record<Language, Readonly<Record<ProblemCode, string>>>> = {
  en: {
    'auth-failed': 'wrong user name or password',
    'login-refused': 'login refused by the server: {reason}',
    'certificate-problem': 'certificate problem: {reason}',
    'connection-refused': 'server unreachable: connection refused ({reason})',
    'host-not-found': 'server not found: {reason}',
    'connection-lost': 'connection lost: {reason}',
    unreachable: 'server unreachable: {reason}',
    'stream-error': 'the server closed the stream: {reason}',
    'tls-required': 'the server offered no TLS; refusing to log in over plaintext',
    'plaintext-password':
      'the server offers only {mechanisms} without TLS; refusing to send the password in clear',
    timeout: 'no answer from the server within {seconds} s',
    'keepalive-timeout': 'no answer to a keepalive ping within {seconds} s',
    'reconnect-requested': 'reconnect requested',
    closed: 'the server closed the connection',
    other: '{reason}',
  },
  'zh-CN': {
    'auth-failed': '用户名或密码错误',
    'login-refused': '服务器拒绝登录：{reason}',
    'certificate-problem': '证书有问题：{reason}',
    'connection-refused': '无法连接服务器：连接被拒绝（{reason}）',
    'host-not-found': '找不到服务器：{reason}',
    'connection-lost': '连接中断：{reason}',
    unreachable: '无法连接服务器：{reason}',
    'stream-error': '服务器关闭了数据流：{reason}',
    'tls-required': '服务器不提供 TLS 加密，为安全起见不以明文登录',
    'plaintext-password': '服务器在没有 TLS 时只提供 {mechanisms}，为安全起见不以明文发送密码',
    timeout: '服务器在 {seconds} 秒内没有响应',
    'keepalive-timeout': '保活检测（ping）在 {seconds} 秒内没有得到响应',
    'reconnect-requested': '已请求重新连接',
    closed: '服务器关闭了连接',
    other: '{reason}',
  },
};

/** The problem as a phrase in `language`, its cause worded: for the windows and the tray. */
export function problemText(language: Language, problem: ConnectionProblem): string {
  const reason = 'detail' in problem.params ? causeText(language, problem.cause) : '';
  return fillPlaceholders(PROBLEM_TEXTS[language][problem.code], { ...problem.params, reason });
}

/**
 * What to show beside problemText, smaller: the message itself when its cause is unknown, or
 * the words a server sent with a known XMPP condition (`conflict - Replaced by new
 * connection`). null when the sentence says it all.
 */
export function problemDetail(problem: ConnectionProblem): string | null {
  if (!('detail' in problem.params)) return null;
  const { detail } = problem.params;
  if (!problem.cause) return detail;
  const condition = /^(?:sasl|stream):(.+)$/.exec(problem.cause)?.[1];
  const serverWords = condition && detail.startsWith(`${condition} - `);
  return serverWords ? detail.slice(condition.length + 3) : null;
}

/** The problem in one English sentence with the library's message: the CLI's and the logs'. */
export function problemLogText(problem: ConnectionProblem): string {
  const { params } = problem;
  const reason =
    problem.code === 'certificate-problem'
      ? `${problem.params.detail} (${problem.params.certificateCode})`
      : 'detail' in params
        ? params.detail
        : '';
  return fillPlaceholders(PROBLEM_TEXTS.en[problem.code], { ...params, reason });
}
