import { describe, expect, test } from 'vitest';
import {
  INBOX_OPEN_TEXTS,
  INBOX_REPLACED_TEXTS,
  inboxOpenFullyWorded,
  inboxOpenText,
  inboxReplacedText,
} from './inbox-open-problems.ts';
import { translationGaps } from './translate.ts';

const inUse = { code: 'inbox-in-use', params: { folder: '/home/a/Herald' } } as const;
const readOnly = {
  code: 'inbox-not-writable',
  params: { folder: '/m/Herald', reasonCode: 'EROFS' },
} as const;
const odd = {
  code: 'inbox-not-writable',
  params: { folder: '/m/Herald', reasonCode: 'ELOOP' },
} as const;

describe('inbox open problem texts', () => {
  test('every code is worded in both languages, with the same placeholders', () => {
    expect(translationGaps(INBOX_OPEN_TEXTS)).toEqual([]);
  });

  test('English is the sentence `herald listen` has always printed (docs/reliability.md)', () => {
    expect(inboxOpenText('en', inUse)).toBe(
      'the inbox in /home/a/Herald is in use by another Herald (the app or `herald listen`): close it, or give this one a data folder of its own',
    );
    expect(inboxOpenText('en', readOnly)).toBe(
      'cannot open the inbox in /m/Herald: the folder is not writable (it is on a read-only file system)',
    );
    expect(
      inboxOpenText('en', { ...readOnly, params: { ...readOnly.params, reasonCode: 'EACCES' } }),
    ).toBe('cannot open the inbox in /m/Herald: the folder is not writable (permission denied)');
    expect(inboxOpenText('en', odd)).toBe(
      'cannot open the inbox in /m/Herald: the folder is not writable (ELOOP)',
    );
  });

  test('Chinese words the whole sentence, the reason too; an unknown OS code is named as one', () => {
    expect(inboxOpenText('zh-CN', readOnly)).toBe(
      '无法打开 /m/Herald 中的收件箱：该文件夹不可写（它位于只读文件系统上）。',
    );
    expect(inboxOpenText('zh-CN', odd)).toBe(
      '无法打开 /m/Herald 中的收件箱：该文件夹不可写（原因不明，错误代码 ELOOP）。',
    );
    expect(
      inboxOpenText('zh-CN', { code: 'inbox-too-new', params: { version: 3, supported: 2 } }),
    ).toBe('收件箱的数据格式版本 3 比此 Herald 能识别的版本（2）更新。');
    expect([inUse, readOnly, odd].map(inboxOpenFullyWorded)).toEqual([true, true, false]);
  });
});

describe('a replaced inbox file', () => {
  const replaced = {
    aside: '/home/a/Herald/inbox.sqlite.corrupt-1',
    reason: 'file is not a database',
  };

  test('is worded in both languages with the same placeholders', () => {
    expect(translationGaps(INBOX_REPLACED_TEXTS)).toEqual([]);
  });

  test("names where the old file is, in the words of each language, without SQLite's message", () => {
    expect(inboxReplacedText('en', replaced)).toBe(
      'The inbox file could not be read, so a new inbox was started. Pushes the server still keeps come back without alerting again; the unreadable file was kept as /home/a/Herald/inbox.sqlite.corrupt-1.',
    );
    expect(inboxReplacedText('zh-CN', replaced)).toBe(
      '收件箱文件无法读取，已新建收件箱。服务器上仍保存的推送会恢复，且不会再次提醒；无法读取的文件已保留为 /home/a/Herald/inbox.sqlite.corrupt-1。',
    );
    expect(inboxReplacedText('en', replaced)).not.toContain(replaced.reason);
  });
});
