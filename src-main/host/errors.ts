/**
 * Errors that cross the API boundary. Handlers throw {@link ApiError} with a code from the
 * contract; anything else is mapped here, so a transport never has to guess what a thrown
 * value means and no stack trace or internal detail leaks to the (untrusted) renderer.
 */
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api-errors';
import type { Problem } from '../../shared/spec/problems';
import { StorageError } from '../storage/storage-errors';
import { engineErrorBody } from './engine-errors';

/**
 * An error with a contract code, safe to show to the renderer as is. (The renderer's client
 * raises shared/api-errors.ts's `ApiError`, which adds the client-only codes.)
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly problems: Problem[] | undefined;

  constructor(code: ApiErrorCode, message: string, problems?: Problem[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = problems;
  }
}

/** Node's fs error codes we can describe precisely; everything else is `internal`. */
const FS_CODES: Record<string, { code: ApiErrorCode; what: string }> = {
  ENOENT: { code: 'not_found', what: 'no such file or directory' },
  ENOTDIR: { code: 'not_found', what: 'a parent of this path is not a directory' },
  EISDIR: { code: 'invalid_params', what: 'this path is a directory, not a file' },
  EACCES: { code: 'forbidden', what: 'permission denied' },
  EPERM: { code: 'forbidden', what: 'operation not permitted' },
  EROFS: { code: 'forbidden', what: 'read-only file system' },
  ENOSPC: { code: 'storage', what: 'no space left on device' },
};

function fsCode(e: unknown): string | undefined {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

/**
 * Maps any thrown value to a wire error body. `context` (e.g. the file path) is added to
 * file-system messages so "not found" says what was not found.
 */
export function toErrorBody(e: unknown, context?: string): ApiErrorBody {
  if (e instanceof ApiError) {
    return e.problems
      ? { code: e.code, message: e.message, problems: e.problems }
      : { code: e.code, message: e.message };
  }
  if (e instanceof StorageError) return { code: 'storage', message: e.message };
  const engine = engineErrorBody(e);
  if (engine) return engine;
  const code = fsCode(e);
  const known = code ? FS_CODES[code] : undefined;
  if (known) return { code: known.code, message: context ? `${context}: ${known.what}` : known.what };
  // Unknown failures: say that it failed, not how (no stack, no internals).
  const detail = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `internal error${context ? ` (${context})` : ''}: ${detail.slice(0, 300)}` };
}
