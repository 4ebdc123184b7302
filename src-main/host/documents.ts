/**
 * Opening and saving workflow documents on the local disk.
 *
 * The renderer is untrusted, so the places it may touch are the user's choices only:
 *  - desktop: paths chosen in a native dialog (shown here when `path` is absent), or files
 *    the user opened through one before; the main process refuses any other path before a
 *    call reaches this service (src-main/electron/document-grants.ts);
 *  - web host: files inside the workspace folder, reached without symbolic links
 *    (workspace.ts).
 * Everywhere: only `.json` files; a symbolic link is never read or written through (a
 * `flow.json` link could point at a credentials file or a system file); a save must be a
 * well-formed spec document (invalid JSON or a non-spec never replaces a file). Semantic
 * problems (a dangling edge in a half-drawn flow) do not block a save; a draft is still
 * worth keeping. Saved bytes are the canonical serialisation, written atomically.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentFile, WorkspaceListing } from '../../shared/api';
import { stringifySpec } from '../../shared/spec/canonical';
import { loadSpecText } from '../../shared/spec/load';
import { formatProblem } from '../../shared/spec/problems';
import { writeFileAtomic } from './atomic-write';
import { ApiError, toErrorBody } from './errors';
import { NotAFileError, readFileNoFollow, SymlinkRefusedError, TooLargeError } from './no-follow';
import type { RecentFiles } from './recent-files';
import type { Workspace } from './workspace';

/** Largest document accepted, matching the API's text limit. */
export const MAX_DOCUMENT_BYTES = 20_000_000;

/** Native file dialogs, supplied by the desktop shell. Each returns null when cancelled. */
export interface NativeDialogs {
  showOpen(): Promise<string | null>;
  /** `defaultName` is a suggested file name such as `refund-triage.waymark.json`. */
  showSave(opts: { defaultName?: string }): Promise<string | null>;
}

/** A document written by `save`: its file, the text it replaced (absent for a new file) and the new text. */
export interface SavedDocument {
  file: string;
  before?: string;
  after: string;
  /** The display name the saver gave (`documents.save` `by`), if any. */
  by?: string;
}

/** Desktop: native dialogs (paths the caller names were checked by the main process). Web: a workspace. */
export type DocumentsOptions = {
  recent: RecentFiles;
  /** Called after each save (the API service audits policy edits with it). */
  onSaved?: (saved: SavedDocument) => void;
} & ({ dialogs: NativeDialogs; workspace?: undefined } | { workspace: Workspace; dialogs?: undefined });

export interface Documents {
  open(p: { path?: string }): Promise<DocumentFile | null>;
  save(p: { path?: string; text: string; by?: string }): Promise<DocumentFile | null>;
  /** Recent files the caller may open: all of them on the desktop, those inside the workspace on the web. */
  recent(): Promise<string[]>;
  /** A folder of the workspace (web host only; the desktop has native dialogs). */
  browse(p: { dir?: string }): Promise<WorkspaceListing>;
}

function checkJsonPath(method: string, file: string): void {
  if (!/\.json$/i.test(file)) {
    throw new ApiError(
      'forbidden',
      `${method}: only .json files can be opened or saved (got ${JSON.stringify(path.basename(file))})`,
    );
  }
}

/** Wraps fs failures so the message names the file and the contract code is right. */
async function withFile<T>(method: string, file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof SymlinkRefusedError) throw new ApiError('forbidden', `${method}: ${e.message}`);
    if (e instanceof NotAFileError) throw new ApiError('invalid_params', `${method}: ${e.message}`);
    if (e instanceof TooLargeError) throw new ApiError('invalid_params', `${method}: ${e.message}`);
    const body = toErrorBody(e, file);
    throw new ApiError(body.code, body.message);
  }
}

/** Creates the documents service. */
export function createDocuments(opts: DocumentsOptions): Documents {
  /** The file to use: the caller's (checked against the workspace on the web) or a dialog's pick. */
  async function choose(
    method: string,
    given: string | undefined,
    ask: (d: NativeDialogs) => Promise<string | null>,
  ): Promise<string | null> {
    if (opts.workspace) {
      if (given === undefined)
        throw new ApiError(
          'invalid_params',
          `${method}: params.path is required (no native file dialog in the web host; browse the workspace instead)`,
        );
      return opts.workspace.resolve(method, given);
    }
    if (given !== undefined) return path.resolve(given);
    const picked = await ask(opts.dialogs);
    return picked === null ? null : path.resolve(picked);
  }

  return {
    async open({ path: given }) {
      const file = await choose('documents.open', given, (d) => d.showOpen());
      if (file === null) return null;
      checkJsonPath('documents.open', file);
      const text = await withFile('documents.open', file, () => readFileNoFollow(file, MAX_DOCUMENT_BYTES));
      await opts.recent.add(file);
      return { path: file, text };
    },

    async save({ path: given, text, by }) {
      // Validate before asking for a path: no point choosing a file for bytes we refuse.
      const loaded = loadSpecText(text);
      if (!loaded.spec) {
        const syntax = loaded.problems.some((p) => p.code === 'json.syntax');
        const first = loaded.problems[0];
        const why = syntax ? 'the text is not valid JSON' : 'the text is not a Waymark spec document';
        const target = given !== undefined ? `; ${given} was left unchanged` : '';
        throw new ApiError(
          'invalid_spec',
          `not saved: ${why}${first ? ` (${formatProblem(first)})` : ''}${target}`,
          loaded.problems,
        );
      }
      const spec = loaded.spec;
      const file = await choose('documents.save', given, (d) => d.showSave({ defaultName: `${spec.id}.waymark.json` }));
      if (file === null) return null;
      checkJsonPath('documents.save', file);
      const canonical = stringifySpec(spec);
      let before: string | undefined;
      await withFile('documents.save', file, async () => {
        const parent = await stat(path.dirname(file)).catch(() => undefined);
        if (!parent?.isDirectory()) throw new ApiError('not_found', `${path.dirname(file)}: folder does not exist`);
        // What the save replaces, for the policy-edit audit (a link is refused by the write anyway).
        before = await readFileNoFollow(file, MAX_DOCUMENT_BYTES).catch(() => undefined);
        await writeFileAtomic(file, canonical);
      });
      opts.onSaved?.({ file, after: canonical, ...(before !== undefined ? { before } : {}), ...(by ? { by } : {}) });
      await opts.recent.add(file);
      return { path: file, text: canonical };
    },

    async browse({ dir }) {
      if (!opts.workspace)
        throw new ApiError('forbidden', 'documents.browse: the desktop app picks files in native dialogs');
      const ws = opts.workspace;
      return withFile('documents.browse', dir ?? ws.root, () => ws.list('documents.browse', dir));
    },

    async recent() {
      const files = await opts.recent.list();
      const ws = opts.workspace;
      return ws ? files.filter((f) => ws.contains(f)) : files;
    },
  };
}
