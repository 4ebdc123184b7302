import path from 'node:path';
import type { Command } from 'commander';
import { loadSpecDocument, parseJsonText } from '../../../shared/spec/load';
import { SpecInvalidError } from '../../engine/errors';
import { builtinRegistry } from '../../engine/nodes';
import { CliError, EXIT } from '../exit-codes';
import { parseInputArg, readTextFile } from '../io';
import { current, openSession, reportOutcome, type Session } from '../session';
import { applyTimeouts } from './timeouts';

/** Ctrl-C leaves the run checkpointed and resumable rather than half-cancelled. */
function exitOnInterrupt(s: Session, runId: () => string | undefined): void {
  process.once('SIGINT', () => {
    const id = runId();
    s.err(`\ninterrupted${id ? `; continue with: waymark resume ${id}` : ''}`);
    s.runtime.close();
    process.exit(EXIT.interrupted);
  });
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a spec headless, checkpointing every step')
    .argument('<spec>', 'path to a *.waymark.json file')
    .option('-i, --input <json|file>', 'run input: inline JSON or a JSON file')
    .option('--simulate', 'use pinned outputs instead of calling models and APIs (offline)')
    .option('--run-id <id>', 'use this run id instead of a generated one')
    .action(async (file: string, o: { input?: string; simulate?: boolean; runId?: string }, cmd: Command) => {
      const text = readTextFile(file, 'spec');
      const parsed = parseJsonText(text);
      if (parsed.problem) throw new CliError(`${file}: ${parsed.problem.message}`, EXIT.invalid);
      const input = parseInputArg(o.input);
      if (o.runId !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(o.runId))
        throw new CliError('--run-id may only use letters, digits, ".", "_" and "-"', EXIT.invalid);
      // An invalid spec is refused before the database is opened: nothing ran, so nothing is created.
      const loaded = loadSpecDocument(parsed.value, builtinRegistry());
      if (!loaded.ok) throw new SpecInvalidError(loaded.problems);
      const s = openSession(cmd, true, 'create');
      let runId = o.runId;
      current.runId = runId;
      exitOnInterrupt(s, () => runId);
      try {
        const outcome = await s.runtime.engine.start(parsed.value, input, {
          ...(o.runId ? { runId: o.runId } : {}),
          simulate: !!o.simulate,
          trigger: `cli:${path.basename(file)}`,
        });
        runId = outcome.runId;
        process.exitCode = reportOutcome(s, outcome);
      } finally {
        s.runtime.close();
      }
    });

  program
    .command('resume')
    .description('continue an interrupted run from its last checkpoint')
    .argument('<runId>')
    .action(async (runId: string, _o: unknown, cmd: Command) => {
      current.runId = runId;
      const s = openSession(cmd, true);
      exitOnInterrupt(s, () => runId);
      try {
        applyTimeouts(s);
        const run = s.runtime.store.getRun(runId);
        if (!run) throw new CliError(`there is no run "${runId}"`, EXIT.conflict);
        if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
          // Resuming is idempotent: a run that already finished (perhaps just before a crash
          // that hid its result) reports its recorded outcome.
          s.err(
            `run ${runId} had already ${run.status === 'completed' ? 'completed' : run.status}; nothing left to run`,
          );
          process.exitCode = reportOutcome(s, {
            runId,
            status: run.status,
            usage: run.usage,
            ...(run.output !== undefined ? { output: run.output } : {}),
            ...(run.error ? { error: run.error } : {}),
          });
          return;
        }
        process.exitCode = reportOutcome(s, await s.runtime.engine.resume(runId));
      } finally {
        s.runtime.close();
      }
    });
}
