/**
 * Every way a command can fail, mapped to one documented exit code and one line on stderr
 * (README.md and docs/cli.md list the codes). User mistakes, races lost to other processes
 * and storage conditions are explained, never shown as stack traces; only a bug (an error
 * nothing here recognises) is "internal", and even then the stack needs WAYMARK_DEBUG=1.
 */
import { formatProblem } from '../../shared/spec/problems';
import { SecretsAllowlistError, SecretsFileError } from '../connectors/secrets';
import {
  ApprovalConflictError,
  InputInvalidError,
  RunExistsError,
  RunStateError,
  SpecInvalidError,
} from '../engine/errors';
import { LeaseLostError, RunOwnedError } from '../engine/lease';
import { StorageError } from '../storage/storage-errors';
import { CliError, EXIT, type ExitCode } from './exit-codes';

/** What to print and how to exit. `details` are extra lines printed before the message. */
export interface Failure {
  code: ExitCode;
  message: string;
  details?: string[];
}

/** The command to continue a run, with the `--db` the user gave. */
function resumeCommand(runId: string, db: string | undefined): string {
  return `waymark resume ${runId}${db ? ` --db ${db}` : ''}`;
}

/**
 * Maps a thrown value to its exit code and message. `context.runId` is the run the command
 * was working on when known (named in "then resume" hints).
 */
export function describeFailure(e: unknown, context: { runId?: string; db?: string } = {}): Failure {
  if (e instanceof CliError) return { code: e.code, message: e.message };
  if (e instanceof SpecInvalidError)
    return {
      code: EXIT.invalid,
      message: `${e.message}; nothing was run`,
      details: e.problems.map((p) => formatProblem(p)),
    };
  if (e instanceof InputInvalidError) return { code: EXIT.invalid, message: e.message };
  if (e instanceof SecretsFileError) return { code: EXIT.invalid, message: `--secrets-file ${e.message}` };
  if (e instanceof SecretsAllowlistError) return { code: EXIT.invalid, message: e.message };
  if (e instanceof StorageError) {
    const then = context.runId ? `then \`${resumeCommand(context.runId, context.db)}\`` : 'then run the command again';
    return { code: EXIT.storage, message: e.message.replace(/then resume$/, then) };
  }
  if (e instanceof RunExistsError)
    return {
      code: EXIT.exists,
      message: `run ${e.runId} already exists${context.db ? ` in ${context.db}` : ''}; choose another --run-id, or continue it with \`${resumeCommand(e.runId, context.db)}\``,
    };
  if (e instanceof RunOwnedError || e instanceof LeaseLostError) return { code: EXIT.busy, message: e.message };
  if (e instanceof ApprovalConflictError || e instanceof RunStateError)
    return { code: EXIT.conflict, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    code: EXIT.internal,
    message: `internal error: ${err.message}${process.env.WAYMARK_DEBUG ? `\n${err.stack ?? ''}` : ' (a bug: please report it; WAYMARK_DEBUG=1 shows the stack)'}`,
  };
}
