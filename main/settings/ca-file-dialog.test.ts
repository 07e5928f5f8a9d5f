/** The CA file dialog, with a FAKE Electron dialog that records how it was asked. */
import { describe, expect, test } from 'vitest';
import { chooseCaFile, type OpenFileDialog, type OpenFileDialogOptions } from './ca-file-dialog.ts';

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const asked: { parent: string | null; options: OpenFileDialogOptions }[] = [];
  const dialog: OpenFileDialog<string> = {
    showOpenDialog: async (...args: [string, OpenFileDialogOptions] | [OpenFileDialogOptions]) => {
      const [parent, options] = args.length === 2 ? args : [null, args[0]];
      asked.push({ parent, options });
      return answer;
    },
  };
  return { dialog, asked };
}

describe('chooseCaFile', () => {
  test('over the focused window, certificate files first, in the Settings language', async () => {
    const { dialog, asked } = fakeDialog({ canceled: false, filePaths: ['/etc/ssl/corp-ca.pem'] });
    expect(await chooseCaFile(dialog, 'settings window', 'en')).toBe('/etc/ssl/corp-ca.pem');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.parent).toBe('settings window');
    expect(asked[0]!.options.properties).toEqual(['openFile']);
    expect(asked[0]!.options.filters.map((filter) => filter.extensions)).toEqual([
      ['pem', 'crt', 'cer'],
      ['*'],
    ]);
    const { dialog: zh, asked: askedZh } = fakeDialog({ canceled: true, filePaths: [] });
    await chooseCaFile(zh, null, 'zh-CN');
    expect(askedZh[0]!.options.title).not.toBe(asked[0]!.options.title);
  });

  test('without a focused window it opens on its own; canceled answers null', async () => {
    const { dialog, asked } = fakeDialog({ canceled: true, filePaths: [] });
    expect(await chooseCaFile(dialog, null, 'en')).toBeNull();
    expect(asked[0]!.parent).toBeNull();
  });
});
