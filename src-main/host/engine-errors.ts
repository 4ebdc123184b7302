/**
 * The one place engine errors become API error codes. The engine throws four kinds at a
 * caller (start, resume, decide, cancel); the renderer needs to know which are its fault,
 * which are races it lost, and which mean "nothing there".
 */
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api-errors';
import type { Problem } from '../../shared/spec/problems';
import { ApprovalConflictError, RunStateError } from '../engine/errors';
import { InputInvalidError, SpecInvalidError } from '../engine/errors';

/**
 * `RunStateError` covers three situations the engine words consistently: a missing run or
 * approval ("there is no …"), an actor who may not decide ("may not decide", "is reserved"),
 * and a state that forbids the operation (everything else). Matched by wording because the
 * engine has one class for all three; keep these patterns next to the engine's messages.
 */
function runStateCode(message: string): ApiErrorCode {
  if (/^there is no /.test(message) || / not found$/.test(message)) return 'not_found';
  if (/ may not decide | is reserved for /.test(message)) return 'forbidden';
  return 'conflict';
}

/** Maps an engine error to a wire body, or undefined when `e` is not one of the engine's. */
export function engineErrorBody(e: unknown): ApiErrorBody | undefined {
  if (e instanceof SpecInvalidError) return { code: 'invalid_spec', message: e.message, problems: e.problems };
  if (e instanceof InputInvalidError) {
    // Issues become problems so the UI can mark each field; the message already names them all.
    const problems: Problem[] = e.issues.map((i) => ({
      severity: 'error',
      code: 'schema',
      path: i.path,
      message: i.message,
    }));
    return { code: 'invalid_params', message: e.message, problems };
  }
  if (e instanceof ApprovalConflictError) return { code: 'conflict', message: e.message };
  if (e instanceof RunStateError) return { code: runStateCode(e.message), message: e.message };
  return undefined;
}
