/**
 * Opening and saving workflow documents on the local disk.
 *
 * The renderer is untrusted, so paths it sends are constrained: only `.json` files are
 * read or written (a compromised page cannot overwrite ~/.bashrc or read an SSH key), and
 * a save must be a well-formed spec document: invalid JSON or a non-spec never replaces a
 * file. Semantic problems (a dangling edge in a half-drawn flow) do not block a save; a
 * draft is still worth keeping. Saved bytes are the canonical serialisation, written
 * atomically.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentFile } from '../../shared/api';
import { stringifySpec } from '../../shared/spec/canonical';
import { loadSpecText } from '../../shared/spec/load';
import { formatProblem } from '../../shared/spec/problems';
import { writeFileAtomic } from './atomic-write';
import { ApiError, toErrorBody } from './errors';
import type { RecentFiles } from './recent-files';

/** Largest document accepted, matching the API's text limit. */
export const MAX_DOCUMENT_BYTES = 20_000_000;

/** Native file dialogs, supplied by the desktop shell. Each returns null when cancelled. */
export interface NativeDialogs {
  showOpen(): Promise<string | null>;
  /** `defaultName` is a suggested file name such as `refund-triage.waymark.json`. */
  showSave(opts: { defaultName?: string }): Promise<string | null>;
}

export interface DocumentsOptions {
  recent: RecentFiles;
  /** Relative paths resolve against this directory. */
  baseDir: string;
  /** Absent in the web host: there `path` is required. */
  dialogs?: NativeDialogs;
}

export interface Documents {
  open(p: { path?: string }): Promise<DocumentFile | null>;
  save(p: { path?: string; text: string }): Promise<DocumentFile | null>;
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
async function withFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const body = toErrorBody(e, file);
    throw new ApiError(body.code, body.message);
  }
}

/** Creates the documents service. */
export function createDocuments(opts: DocumentsOptions): Documents {
  const resolve = (p: string): string => path.resolve(opts.baseDir, p);

  async function choose(
    method: string,
    given: string | undefined,
    ask: (d: NativeDialogs) => Promise<string | null>,
  ): Promise<string | null> {
    if (given !== undefined) return resolve(given);
    if (!opts.dialogs)
      throw new ApiError(
        'invalid_params',
        `${method}: params.path is required (no native file dialog in the web host)`,
      );
    const picked = await ask(opts.dialogs);
    return picked === null ? null : resolve(picked);
  }

  return {
    async open({ path: given }) {
      const file = await choose('documents.open', given, (d) => d.showOpen());
      if (file === null) return null;
      checkJsonPath('documents.open', file);
      const text = await withFile(file, async () => {
        const s = await stat(file);
        if (!s.isFile()) throw new ApiError('invalid_params', `${file}: not a file`);
        if (s.size > MAX_DOCUMENT_BYTES)
          throw new ApiError(
            'invalid_params',
            `${file}: too large to open (${s.size} bytes, limit ${MAX_DOCUMENT_BYTES})`,
          );
        return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      });
      await opts.recent.add(file);
      return { path: file, text };
    },

    async save({ path: given, text }) {
      // Validate before asking for a path: no point choosing a file for bytes we refuse.
      const loaded = loadSpecText(text);
      if (!loaded.spec) {
        const syntax = loaded.problems.some((p) => p.code === 'json.syntax');
        const first = loaded.problems[0];
        const why = syntax ? 'the text is not valid JSON' : 'the text is not a Waymark spec document';
        const target = given !== undefined ? `; ${resolve(given)} was left unchanged` : '';
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
      await withFile(file, async () => {
        const parent = await stat(path.dirname(file)).catch(() => undefined);
        if (!parent?.isDirectory()) throw new ApiError('not_found', `${path.dirname(file)}: folder does not exist`);
        await writeFileAtomic(file, canonical);
      });
      await opts.recent.add(file);
      return { path: file, text: canonical };
    },
  };
}
