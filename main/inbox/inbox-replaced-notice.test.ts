import { describe, expect, test } from 'vitest';
import type { InboxReplaced } from '../../core/inbox-open-error.ts';
import type { Language } from '../../core/desktop-api.ts';
import { showInboxReplacedNotice } from './inbox-replaced-notice.ts';

async function boxes(replaced: InboxReplaced | null, language: Language) {
  const shown: Array<{ message: string; detail: string }> = [];
  await showInboxReplacedNotice({
    service: {
      inboxReplaced: () => replaced,
      settingsView: () => ({ effectiveLanguage: language }) as never,
    },
    showWarning: async (message, detail) => void shown.push({ message, detail }),
  });
  return shown;
}

const replaced = { aside: '/d/inbox.sqlite.corrupt-7', reason: 'file is not a database' };

describe('showInboxReplacedNotice', () => {
  test('an inbox opened as it was shows nothing', async () => {
    expect(await boxes(null, 'en')).toEqual([]);
  });

  test("a replaced inbox shows one box in the app's language, SQLite's message as the detail", async () => {
    const [box, ...more] = await boxes(replaced, 'zh-CN');
    expect(more).toEqual([]);
    expect(box?.message).toMatch(/^收件箱文件无法读取.*\/d\/inbox\.sqlite\.corrupt-7。$/);
    expect(box?.detail).toBe('file is not a database');
    expect((await boxes(replaced, 'en'))[0]?.message).toMatch(/^The inbox file could not be read/);
  });
});
