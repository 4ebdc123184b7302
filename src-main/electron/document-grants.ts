/**
 * Which files the desktop renderer may name. The renderer is untrusted (a bug or injected
 * script in it must not turn `documents.open`/`save` into a file API for the whole disk),
 * so main, which the renderer cannot reach except through `waymark:call`, keeps the list:
 * a file is granted when the user picked it in a native dialog, opened it from the OS
 * (double-click, "Open with", a file argument), or it is on the recent list (files opened
 * or saved that way before). A call naming any other path is refused before it reaches the
 * backend. Calls without a path show a dialog, whose pick is granted.
 */
import path from 'node:path';
import type { DispatchResult } from '../host/api-service';
import type { NativeDialogs } from '../host/documents';

const PATH_METHODS: ReadonlySet<string> = new Set(['documents.open', 'documents.save']);

export interface DocumentGrants {
  /** Allows the renderer to name `file` from now on. */
  grant(file: string): void;
  has(file: string): boolean;
  /** A refusal when a call names a path that was not granted; undefined when it may go ahead. */
  check(method: string, params: unknown): DispatchResult | undefined;
  /** Grants what a successful reply names: the file of documents.open/save, the files of documents.recent. */
  learn(method: string, reply: DispatchResult): void;
  /** `inner`, with every picked file granted. */
  dialogs(inner: NativeDialogs): NativeDialogs;
}

function pathParam(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || !('path' in params)) return undefined;
  return typeof params.path === 'string' ? params.path : undefined;
}

/** An empty grant list. */
export function createDocumentGrants(): DocumentGrants {
  const granted = new Set<string>();
  const grant = (file: string): void => void granted.add(path.resolve(file));

  return {
    grant,
    has: (file) => path.isAbsolute(file) && granted.has(path.resolve(file)),
    check(method, params) {
      if (!PATH_METHODS.has(method)) return undefined;
      const given = pathParam(params);
      if (given === undefined || (path.isAbsolute(given) && granted.has(path.resolve(given)))) return undefined;
      return {
        error: {
          code: 'forbidden',
          message: `${method}: ${JSON.stringify(given)} was not chosen in a file dialog or opened from the system; use File › Open… or File › Save As… to pick it`,
        },
      };
    },
    learn(method, reply) {
      if (!('result' in reply)) return;
      const r = reply.result;
      if (PATH_METHODS.has(method) && r && typeof r === 'object' && 'path' in r && typeof r.path === 'string')
        grant(r.path);
      if (method === 'documents.recent' && Array.isArray(r))
        for (const f of r) if (typeof f === 'string' && path.isAbsolute(f)) grant(f);
    },
    dialogs(inner) {
      return {
        async showOpen() {
          const picked = await inner.showOpen();
          if (picked !== null) grant(picked);
          return picked;
        },
        async showSave(o) {
          const picked = await inner.showSave(o);
          if (picked !== null) grant(picked);
          return picked;
        },
      };
    },
  };
}
