import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  DataFolderError,
  profileFolderProblem,
  startupFailure,
  startupLanguage,
} from './startup-failure.ts';
import { InboxOpenError } from '../../core/inbox-open-error.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-profile-'));
  dirs.push(dir);
  return dir;
}

/** What core's inbox throws when `herald listen` holds the file. */
const inboxInUse = new InboxOpenError(
  { code: 'inbox-in-use', params: { folder: '/home/a/.config/Herald' } },
  { cause: Object.assign(new Error('database is locked'), { errcode: 5 }) },
);

/** What is left of a Chinese text once the names it must keep are taken out. */
const withoutNames = (text: string) =>
  text.replace(/`herald listen`|Herald|main\.log|\/[\w./-]+/g, '');

describe('the start-up error box', () => {
  test('an inbox in use is the whole story, in English as the CLI says it', () => {
    expect(startupFailure(inboxInUse, 'en')).toEqual({
      title: 'Herald could not start',
      content:
        'The inbox in /home/a/.config/Herald is in use by another Herald (the app or `herald listen`): close it, or give this one a data folder of its own.\n\n' +
        'Details are in the log file, main.log.',
    });
  });

  test('in Chinese, not a word of English: the program’s English messages stay in the log', () => {
    const failure = startupFailure(inboxInUse, 'zh-CN');
    expect(failure).toEqual({
      title: 'Herald 无法启动',
      content:
        '/home/a/.config/Herald 中的收件箱正被另一个 Herald（应用或 `herald listen`）使用：请关闭它，或为此 Herald 指定单独的数据文件夹。\n\n' +
        '详细信息见日志文件 main.log。',
    });
    const readOnly = new InboxOpenError(
      { code: 'inbox-not-writable', params: { folder: '/m/Herald', reasonCode: 'EROFS' } },
      { cause: new Error('unable to open database file') },
    );
    const content = startupFailure(readOnly, 'zh-CN').content;
    expect(content.split('\n')[0]).toBe(
      '无法打开 /m/Herald 中的收件箱：该文件夹不可写（它位于只读文件系统上）。',
    );
    expect(withoutNames(content)).not.toMatch(/[A-Za-z]/);
  });

  test('an OS code with no words of its own: named in the sentence, its messages beside it', () => {
    const odd = new InboxOpenError(
      { code: 'inbox-not-writable', params: { folder: '/m/Herald', reasonCode: 'ELOOP' } },
      { cause: new Error('unable to open database file') },
    );
    expect(startupFailure(odd, 'zh-CN').content).toBe(
      '无法打开 /m/Herald 中的收件箱：该文件夹不可写（原因不明，错误代码 ELOOP）。\n\n' +
        'unable to open database file\n\n详细信息见日志文件 main.log。',
    );
  });

  test('an OS error is worded by its code, its message kept as the detail', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    });
    expect(startupFailure(new Error('cannot open the settings', { cause: full }), 'zh-CN')).toEqual(
      {
        title: 'Herald 无法启动',
        content:
          '系统拒绝了 Herald 启动所需的操作（磁盘已满）。\n\n' +
          'cannot open the settings\nENOSPC: no space left on device, write\n\n' +
          '详细信息见日志文件 main.log。',
      },
    );
  });

  test('an unwritable data folder names the folder on its own line', () => {
    const readOnly = Object.assign(new Error("EROFS: read-only file system, access '/m/Herald'"), {
      code: 'EROFS',
    });
    expect(startupFailure(new DataFolderError('/m/Herald', readOnly), 'zh-CN').content).toBe(
      'Herald 无法写入其数据文件夹（它位于只读文件系统上）。\n\n/m/Herald\n' +
        "EROFS: read-only file system, access '/m/Herald'\n\n详细信息见日志文件 main.log。",
    );
  });

  test('repeats no cause and survives a thrown non-error', () => {
    const failure = startupFailure(new Error('disk full', { cause: new Error('disk full') }), 'en');
    expect(failure.content).toBe(
      'An error stopped the start-up.\n\ndisk full\n\nDetails are in the log file, main.log.',
    );
    expect(startupFailure('boom', 'en').content).toMatch(
      /^An error stopped the start-up\.\n\nboom\n/,
    );
    expect(startupFailure(undefined, 'zh-CN').content).toMatch(/^启动时发生未知错误。\n\n/);
    expect(startupFailure('', 'en').content).toMatch(/^An unknown error/);
  });
});

describe('the language of the error box', () => {
  test("the app's setting when its file can be read, else the OS locale", () => {
    const userData = tempDir();
    expect(startupLanguage(userData, 'zh-CN')).toBe('zh-CN');
    expect(startupLanguage(userData, 'en-US')).toBe('en');
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ language: 'zh-CN' }));
    expect(startupLanguage(userData, 'en-US')).toBe('zh-CN');
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ language: 'system' }));
    expect(startupLanguage(userData, 'zh-TW')).toBe('zh-CN');
    writeFileSync(join(userData, 'settings.json'), '{ torn');
    expect(startupLanguage(userData, 'de-DE')).toBe('en');
  });
});

describe('the profile folder check', () => {
  test('a writable folder (created if missing) has no problem; a file in the way is named', () => {
    const dir = tempDir();
    expect(profileFolderProblem(join(dir, 'Herald'))).toBeNull();
    expect(profileFolderProblem(join(dir, 'Herald', 'x', '..'))).toBeNull();
    const problem = profileFolderProblem(join('/dev/null', 'Herald'));
    expect(problem).toBeInstanceOf(DataFolderError);
    expect(problem?.folder).toBe('/dev/null/Herald');
    expect(startupFailure(problem, 'en').content).toMatch(
      /^Herald cannot write to its data folder \(a part of the path is not a folder\)\.\n\n\/dev\/null\/Herald\n/,
    );
  });
});
