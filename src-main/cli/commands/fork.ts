import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { parseInputArg } from '../io';
import { openSession, reportOutcome } from '../session';

/** `waymark fork <runId> --from <step>`: a new run reusing recorded outputs up to a step. */
export function registerFork(program: Command): void {
  program
    .command('fork')
    .description(
      'fork a run from a completed step: reuse recorded outputs up to it (no side effect repeats) and continue live',
    )
    .argument('<runId>')
    .requiredOption('--from <step>', 'index of the last step to reuse (see `waymark show`)')
    .option('--edit <json|file>', 'replacement node outputs before continuing, e.g. {"lookup_order": {...}}')
    .option('--run-id <id>', 'id of the new run')
    .action(async (runId: string, o: { from: string; edit?: string; runId?: string }, cmd: Command) => {
      const fromStep = Number(o.from);
      if (!Number.isInteger(fromStep) || fromStep < 0)
        throw new CliError('--from must be a step index (0, 1, 2, …)', EXIT.invalid);
      const edits = o.edit !== undefined ? parseInputArg(o.edit, '--edit') : undefined;
      if (edits !== undefined && (typeof edits !== 'object' || edits === null || Array.isArray(edits)))
        throw new CliError('--edit must be a JSON object of node id → output', EXIT.invalid);
      const s = openSession(cmd, true);
      try {
        const outcome = await s.runtime.engine.fork(runId, {
          fromStep,
          ...(edits ? { edits: edits as Record<string, unknown> } : {}),
          ...(o.runId ? { runId: o.runId } : {}),
        });
        process.exitCode = reportOutcome(s, outcome);
      } finally {
        s.runtime.close();
      }
    });
}
