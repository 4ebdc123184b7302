/**
 * `waymark signal <runId | --correlate key=value> <name> --payload json`: sends a named
 * signal to the runs waiting for it. Each matching wait fires exactly once (a compare-and-set
 * in the store), then the woken run continues here — unless another process (a worker, the
 * web host) took it first, which is fine: it continues there.
 */
import type { Command } from 'commander';
import { RunOwnedError } from '../../engine/lease';
import { osAccount } from '../../host/os-account';
import { CliError, EXIT } from '../exit-codes';
import { parseInputArg } from '../io';
import { current, openSession, reportOutcome, exitCodeOf } from '../session';
import type { RunOutcome } from '../../engine/contracts';

/** `key=value` pairs of repeated `--correlate` options. */
function correlation(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError(`--correlate takes key=value, got "${p}"`, EXIT.invalid);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export function registerSignal(program: Command): void {
  program
    .command('signal')
    .description('send a named signal to the runs waiting for it (by run id, or by --correlate key=value)')
    .argument('<runIdOrName>', 'the run id, or (with --correlate) the signal name')
    .argument('[name]', 'the signal name, after a run id')
    .option(
      '--payload <json|file>',
      'the signal payload: a JSON object or array, or a file holding JSON (default null)',
    )
    .option(
      '--correlate <key=value>',
      'address the runs whose wait has this correlation key (repeatable)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('--as <name>', 'who sends it (default: the account name)')
    .action(
      async (
        first: string,
        second: string | undefined,
        o: { payload?: string; correlate: string[]; as?: string },
        cmd: Command,
      ) => {
        const correlate = correlation(o.correlate);
        const byKey = Object.keys(correlate).length > 0;
        const runId = second !== undefined ? first : undefined;
        const name = second ?? first;
        if (!runId && !byKey)
          throw new CliError(
            'say which runs the signal is for: a run id before its name, or --correlate key=value',
            EXIT.invalid,
          );
        const payload = o.payload === undefined ? null : parseInputArg(o.payload, '--payload');
        if (runId) current.runId = runId;
        const s = openSession(cmd, true);
        try {
          if (runId && !s.runtime.store.getRun(runId))
            throw new CliError(`there is no run "${runId}" in ${s.opts.db ?? 'the default database'}`, EXIT.conflict);
          const woken = await s.runtime.engine.signal({
            name,
            payload,
            by: o.as ?? osAccount(),
            ...(runId ? { runId } : {}),
            ...(byKey ? { correlate } : {}),
          });
          if (!woken.length) {
            const to = runId
              ? `run ${runId}`
              : `a run with ${Object.entries(correlate)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}`;
            throw new CliError(
              `no wait of ${to} is waiting for signal "${name}" with a match this payload passes (see \`waymark runs --status waiting\`)`,
              EXIT.conflict,
            );
          }
          const outcomes: RunOutcome[] = [];
          for (const w of woken) {
            s.err(`⚡ signal "${name}" woke run ${w.runId} at "${w.nodeId}"`);
            try {
              outcomes.push(await s.runtime.engine.resume(w.runId));
            } catch (e) {
              // A worker or host picked the fired wait up first: the run continues there.
              if (!(e instanceof RunOwnedError)) throw e;
              s.err(`  run ${w.runId} continues in ${e.lease.owner.label}`);
            }
          }
          if (s.opts.json) {
            s.out(JSON.stringify({ woken, outcomes }, null, 2));
            process.exitCode = outcomes.length ? exitCodeOf(outcomes.at(-1) as RunOutcome) : EXIT.ok;
            return;
          }
          let code: number = EXIT.ok;
          for (const out of outcomes) code = reportOutcome(s, out);
          process.exitCode = code;
        } finally {
          s.runtime.close();
        }
      },
    );
}
