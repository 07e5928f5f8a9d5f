import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { profileFolderProblem, startupFailure } from './startup-failure.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the start-up error box', () => {
  test('names the cause, then what the causes add, then where the log is', () => {
    const locked = new Error(
      'the inbox in /home/a/.config/Herald is in use by another Herald (the app or `herald listen`)',
      { cause: new Error('database is locked') },
    );
    expect(startupFailure(locked, 'en')).toEqual({
      title: 'Herald could not start',
      content:
        'The inbox in /home/a/.config/Herald is in use by another Herald (the app or `herald listen`)\n' +
        '(database is locked)\n\nDetails are in the log file, main.log.',
    });
  });

  test('speaks Chinese, repeats no cause and survives a thrown non-error', () => {
    const failure = startupFailure(
      new Error('disk full', { cause: new Error('disk full') }),
      'zh-CN',
    );
    expect(failure.title).toBe('Herald 无法启动');
    expect(failure.content).toBe('Disk full\n\n详细信息见日志文件 main.log。');
    expect(startupFailure('boom', 'en').content).toMatch(/^Boom\n/);
    expect(startupFailure(undefined, 'en').content).toMatch(/^An unknown error/);
    expect(startupFailure('', 'en').content).toMatch(/^An unknown error/);
  });
});

describe('the profile folder check', () => {
  test('a writable folder (created if missing) has no problem; a file in the way is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-profile-'));
    dirs.push(dir);
    expect(profileFolderProblem(join(dir, 'Herald'))).toBeNull();
    expect(profileFolderProblem(join(dir, 'Herald', 'x', '..'))).toBeNull();
    const problem = profileFolderProblem(join('/dev/null', 'Herald'));
    expect(problem).toMatch(/^cannot use the data folder \/dev\/null\/Herald: it is not writable/);
  });
});
