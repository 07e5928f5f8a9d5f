import { describe, expect, test } from 'vitest';
import type { ConnectionProblem } from '../../core/connection-errors.ts';
import { CAUSE_TEXTS, causeText } from './connection-causes.ts';
import {
  PROBLEM_TEXTS,
  problemDetail,
  problemLogText,
  problemText,
} from './connection-problems.ts';
import { translationGaps } from './translate.ts';

const reset: ConnectionProblem = {
  code: 'connection-lost',
  params: { detail: 'read ECONNRESET' },
  cause: 'ECONNRESET',
};
const selfSigned: ConnectionProblem = {
  code: 'certificate-problem',
  params: { detail: 'self-signed certificate', certificateCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  cause: 'DEPTH_ZERO_SELF_SIGNED_CERT',
};
const replaced: ConnectionProblem = {
  code: 'stream-error',
  params: { detail: 'conflict - Replaced by new connection' },
  cause: 'stream:conflict',
};
const odd: ConnectionProblem = { code: 'other', params: { detail: 'socket hang up' } };

describe('connection problem texts', () => {
  test('every code and every cause is worded in both languages, with the same placeholders', () => {
    expect(translationGaps(PROBLEM_TEXTS)).toEqual([]);
    expect(translationGaps(CAUSE_TEXTS)).toEqual([]);
  });

  test('the CLI and the logs keep the library’s message, as they always printed it', () => {
    expect(problemLogText(reset)).toBe('connection lost: read ECONNRESET');
    expect(problemLogText(selfSigned)).toBe(
      'certificate problem: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
    expect(problemLogText({ code: 'timeout', params: { seconds: 20 } })).toBe(
      'no answer from the server within 20 s',
    );
    expect(problemLogText(odd)).toBe('socket hang up');
  });

  test('a known cause is worded in the window’s language, with nothing beside it', () => {
    expect(problemText('zh-CN', reset)).toBe('连接中断：连接被重置');
    expect(problemText('en', reset)).toBe('connection lost: the connection was reset');
    expect(problemText('zh-CN', selfSigned)).toBe('证书有问题：证书是自签名的');
    expect(problemText('zh-CN', { code: 'timeout', params: { seconds: 20 } })).toBe(
      '服务器在 20 秒内没有响应',
    );
    expect(problemText('en', { code: 'auth-failed', params: {} })).toBe(
      'wrong user name or password',
    );
    expect([reset, selfSigned].map(problemDetail)).toEqual([null, null]);
  });

  test('an XMPP condition is worded; the server’s own words, if any, are shown beside it', () => {
    expect(problemText('zh-CN', replaced)).toBe(
      '服务器关闭了数据流：另一个客户端以相同的账户和资源登录了',
    );
    expect(problemDetail(replaced)).toBe('Replaced by new connection');
    expect(problemDetail({ ...replaced, params: { detail: 'conflict' } })).toBeNull();
  });

  test('an unknown cause says so; the message is the detail, not part of the sentence', () => {
    expect(problemText('zh-CN', odd)).toBe('无法识别的错误');
    expect(
      problemText('zh-CN', { code: 'connection-lost', params: { detail: 'read EWEIRD' } }),
    ).toBe('连接中断：无法识别的错误');
    expect(problemDetail(odd)).toBe('socket hang up');
    expect(causeText('en', 'unknown')).toBe('unrecognized error');
    expect(causeText('en', 'constructor')).toBe('unrecognized error');
  });
});
