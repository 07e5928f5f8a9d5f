/**
 * A connection problem (core/connection-errors.ts) in words. The English table is also the
 * CLI's and the logs' wording, so keep its sentences as they are: tests and scripts read them.
 */
import type { Language } from '../../core/desktop-api.ts';
import type { ConnectionProblem, ProblemCode } from '../../core/connection-errors.ts';
import { fillPlaceholders } from './translate.ts';

export const PROBLEM_TEXTS: Readonly<Record<Language, Readonly<Record<ProblemCode, string>>>> = {
  en: {
    'auth-failed': 'wrong user name or password',
    'login-refused': 'login refused by the server: {detail}',
    'certificate-problem': 'certificate problem: {detail} ({certificateCode})',
    'connection-refused': 'server unreachable: connection refused ({detail})',
    'host-not-found': 'server not found: {detail}',
    'connection-lost': 'connection lost: {detail}',
    unreachable: 'server unreachable: {detail}',
    'stream-error': 'the server closed the stream: {detail}',
    'tls-required': 'the server offered no TLS; refusing to log in over plaintext',
    'plaintext-password':
      'the server offers only {mechanisms} without TLS; refusing to send the password in clear',
    timeout: 'no answer from the server within {seconds} s',
    'keepalive-timeout': 'no answer to a keepalive ping within {seconds} s',
    'reconnect-requested': 'reconnect requested',
    closed: 'the server closed the connection',
    other: '{detail}',
  },
  'zh-CN': {
    'auth-failed': '用户名或密码错误',
    'login-refused': '服务器拒绝登录：{detail}',
    'certificate-problem': '证书有问题：{detail}（{certificateCode}）',
    'connection-refused': '无法连接服务器：连接被拒绝（{detail}）',
    'host-not-found': '找不到服务器：{detail}',
    'connection-lost': '连接中断：{detail}',
    unreachable: '无法连接服务器：{detail}',
    'stream-error': '服务器关闭了数据流：{detail}',
    'tls-required': '服务器不提供 TLS 加密，为安全起见不以明文登录',
    'plaintext-password': '服务器在没有 TLS 时只提供 {mechanisms}，为安全起见不以明文发送密码',
    timeout: '服务器在 {seconds} 秒内没有响应',
    'keepalive-timeout': '保活检测（ping）在 {seconds} 秒内没有得到响应',
    'reconnect-requested': '已请求重新连接',
    closed: '服务器关闭了连接',
    other: '{detail}',
  },
};

/** The problem as a phrase in `language`; parameters (server messages) are inserted as text. */
export function problemText(language: Language, problem: ConnectionProblem): string {
  return fillPlaceholders(PROBLEM_TEXTS[language][problem.code], problem.params);
}
