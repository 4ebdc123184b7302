/**
 * Native open/save dialogs for the API service. They are shown by main (the only process
 * that can) on behalf of the backend, attached to the window the user is looking at.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { NativeDialogs } from '../host/documents';

const FILTERS = [
  { name: 'Waymark workflow', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** A save path always gets a .json name: the API service refuses anything else. */
export function withJsonExtension(file: string): string {
  return /\.json$/i.test(file) ? file : `${file}.waymark.json`;
}

/** Dialogs parented to `getWindow()` when there is one. */
export function createNativeDialogs(getWindow: () => BrowserWindow | undefined): NativeDialogs {
  return {
    async showOpen() {
      const win = getWindow();
      const options = { title: 'Open workflow', properties: ['openFile' as const], filters: FILTERS };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async showSave({ defaultName }) {
      const win = getWindow();
      const options = {
        title: 'Save workflow',
        filters: FILTERS,
        ...(defaultName ? { defaultPath: defaultName } : {}),
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : withJsonExtension(r.filePath);
    },
  };
}
