/**
 * Workflows opened from the OS (double-click on a `*.waymark.json`, "Open with", a second
 * launch with a file argument, macOS `open-file`) become `file.openPath` notices. They can
 * arrive before the window exists or before its page has loaded, so they queue until the
 * page is ready; the preload then holds them until the renderer subscribes.
 */
import path from 'node:path';
import type { AppNotice } from '../host/events';

/** Spec files named on a command line (Electron's own flags and the app path are skipped). */
export function specFilesFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.waymark\.json$/i.test(a)).map((a) => path.resolve(cwd, a));
}

export interface OpenQueue {
  /** A file to open; delivered now if the page is ready, else queued. */
  open(file: string): void;
  /** The page has loaded: deliver everything queued, and from now on deliver directly. */
  ready(send: (notice: AppNotice) => void): void;
  /** The page went away (window closed or reloading): queue again. */
  reset(): void;
}

/** Creates the queue; `onFile` sees every file as it arrives (main grants it to the renderer). */
export function createOpenQueue(onFile?: (file: string) => void): OpenQueue {
  const queued: string[] = [];
  let deliver: ((notice: AppNotice) => void) | undefined;
  return {
    open(file) {
      onFile?.(file);
      if (deliver) deliver({ command: 'file.openPath', path: file });
      else queued.push(file);
    },
    ready(send) {
      deliver = send;
      for (const file of queued.splice(0)) send({ command: 'file.openPath', path: file });
    },
    reset() {
      deliver = undefined;
    },
  };
}
