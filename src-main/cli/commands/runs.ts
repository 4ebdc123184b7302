import type { Command } from 'commander';
import type { RunStatus } from '../../../shared/events';
import { CliError, EXIT } from '../exit-codes';
import { handledFailures, runOutcome } from '../../../shared/run-outcome';
import { cost, duration, statusText, table, when } from '../format';
import { openSession } from '../session';
import { applyTimeouts } from './timeouts';
import { describeWaitingFor, waitingFor } from '../waiting';

const STATUSES: RunStatus[] = ['running', 'waiting', 'paused', 'completed', 'failed', 'cancelled'];

/** `waymark runs`: the run history, newest first. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list runs, newest first: status, duration, cost')
    .option('--status <status>', `only runs with this status (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'how many', '20')
    .action((o: { status?: string; limit: string }, cmd: Command) => {
      if (o.status !== undefined && !STATUSES.includes(o.status as RunStatus))
        throw new CliError(`--status must be one of ${STATUSES.join(', ')}`, EXIT.invalid);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new CliError('--limit must be a positive whole number', EXIT.invalid);
      const s = openSession(cmd, false, 'read');
      try {
        applyTimeouts(s);
        const runs = s.runtime.store.listRuns({ ...(o.status ? { status: o.status as RunStatus } : {}), limit });
        // A completed run whose error edge caught a failure is "completed with errors".
        const caught = new Map(
          runs
            .filter((r) => r.status === 'completed')
            .map((r) => [r.id, handledFailures(s.runtime.store.getSteps(r.id))]),
        );
        if (s.opts.json) {
          s.out(
            JSON.stringify(
              runs.map((r) => ({
                id: r.id,
                specId: r.specId,
                specName: r.specName,
                status: r.status,
                outcome: runOutcome({ status: r.status, handledErrors: caught.get(r.id) ?? 0 }),
                handledErrors: caught.get(r.id) ?? 0,
                simulate: r.simulate,
                trigger: r.trigger,
                createdAt: new Date(r.createdAt).toISOString(),
                durationMs: (r.endedAt ?? r.updatedAt) - r.createdAt,
                steps: r.stepCount,
                usage: r.usage,
                ...(r.parentRunId ? { parentRunId: r.parentRunId } : {}),
                ...(r.status === 'waiting' ? { waitingFor: waitingFor(s.runtime.store, r) ?? null } : {}),
              })),
              null,
              2,
            ),
          );
          return;
        }
        if (!runs.length) {
          s.err('no runs yet: start one with `waymark run <spec>`');
          return;
        }
        // Waiting runs say what they wait for and until when.
        const waiting = runs.some((r) => r.status === 'waiting');
        s.out(
          table(
            ['RUN', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION', 'STEPS', 'COST', ...(waiting ? ['WAITING FOR'] : [])],
            runs.map((r) => [
              r.id,
              r.specName,
              statusText(r.status, caught.get(r.id) ?? 0) + (r.simulate ? ' (sim)' : ''),
              when(r.createdAt),
              r.status === 'running' || r.status === 'waiting'
                ? '…'
                : duration((r.endedAt ?? r.updatedAt) - r.createdAt),
              String(r.stepCount),
              cost(r.usage.costUsd),
              ...(waiting ? [r.status === 'waiting' ? describeWaitingFor(waitingFor(s.runtime.store, r)) : ''] : []),
            ]),
          ),
        );
      } finally {
        s.runtime.close();
      }
    });
}
