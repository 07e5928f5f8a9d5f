/** The file dialog behind Settings' CA certificate Choose…, over the focused window if any. */
import type { Language } from '../../core/desktop-api.ts';
import { t } from '../i18n/i18n.ts';

export interface OpenFileDialogOptions {
  title: string;
  properties: ['openFile'];
  filters: { name: string; extensions: string[] }[];
}

/** The part of Electron's dialog used here; `Window` is BrowserWindow. */
export interface OpenFileDialog<Window> {
  showOpenDialog(
    parent: Window,
    options: OpenFileDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(
    options: OpenFileDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The chosen path, or null when canceled. */
export async function chooseCaFile<Window>(
  dialog: OpenFileDialog<Window>,
  focusedWindow: Window | null,
  language: Language,
): Promise<string | null> {
  const options: OpenFileDialogOptions = {
    title: t(language, 'dialog.caFile.title'),
    properties: ['openFile'],
    filters: [
      { name: t(language, 'dialog.caFile.certificates'), extensions: ['pem', 'crt', 'cer'] },
      { name: t(language, 'dialog.caFile.all'), extensions: ['*'] },
    ],
  };
  const result = focusedWindow
    ? await dialog.showOpenDialog(focusedWindow, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
