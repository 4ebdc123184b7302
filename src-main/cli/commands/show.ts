import { handledFailures, runOutcome } from '../../../shared/run-outcome';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { cost, duration, jsonBlock, statusText, table, tokens, when } from '../format';
import { openSession } from '../session';
import { applyTimeouts } from './timeouts';

/**
 * An automatic gate's HTTP call as the approver must see it: method and URL, every header
 * (secrets masked), then the body. Undefined for any other payload.
 */
export function callLines(payload: unknown): string[] | undefined {
  const p = payload as { kind?: unknown; method?: unknown; url?: unknown; headers?: unknown; body?: unknown } | null;
  if (!p || p.kind !== 'http' || typeof p.method !== 'string' || typeof p.url !== 'string') return undefined;
  const headers =
    p.headers && typeof p.headers === 'object' ? Object.entries(p.headers as Record<string, unknown>) : [];
  return [
    `call: ${p.method} ${p.url}`,
    ...headers.map(([k, v]) => `  ${k}: ${String(v)}`),
    `body: ${p.body === null || p.body === undefined ? '(none)' : jsonBlock(p.body)}`,
  ];
}

/** `waymark show <runId>`: the step trace of one run. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show a run: every step with status, attempts, latency, tokens and cost')
    .argument('<runId>')
    .option('--events', 'also print the raw event log')
    .action((runId: string, o: { events?: boolean }, cmd: Command) => {
      const s = openSession(cmd, false, 'read');
      try {
        applyTimeouts(s);
        const run = s.runtime.store.getRun(runId);
        if (!run) throw new CliError(`there is no run "${runId}"`, EXIT.conflict);
        const steps = s.runtime.store.getSteps(runId);
        const caught = handledFailures(steps);
        const approvals = s.runtime.store.listApprovals({ runId });
        const events = o.events ? s.runtime.store.getEvents(runId) : undefined;
        if (s.opts.json) {
          const { spec: _spec, ...rest } = run;
          const outcome = { outcome: runOutcome({ status: run.status, handledErrors: caught }), handledErrors: caught };
          s.out(
            JSON.stringify({ run: { ...rest, ...outcome }, steps, approvals, ...(events ? { events } : {}) }, null, 2),
          );
          return;
        }
        s.out(
          `run ${run.id} · ${run.specName} · ${statusText(run.status, caught)}${run.simulate ? ' (simulated)' : ''}`,
        );
        s.out(
          `started ${when(run.createdAt)} · ${run.endedAt ? `took ${duration(run.endedAt - run.createdAt)}` : 'not finished'} · ${run.usage.llmCalls} LLM call(s) · ${tokens(run.usage.inputTokens, run.usage.outputTokens)} · ${cost(run.usage.costUsd)}`,
        );
        s.out('');
        s.out(
          table(
            ['#', 'NODE', 'TYPE', 'STATUS', 'PORT', 'ATTEMPTS', 'LATENCY', 'TOKENS', 'COST'],
            steps.map((st) => [
              String(st.idx),
              st.nodeId,
              st.nodeType,
              st.status + (st.simulated ? ' (pinned)' : ''),
              st.port?.replace('branch:', '→ ') ?? '',
              String(st.attempts),
              duration(st.latencyMs),
              (st.usage.estimated ? '≈' : '') + tokens(st.usage.inputTokens, st.usage.outputTokens),
              (st.usage.estimated ? '≈' : '') + cost(st.usage.costUsd),
            ]),
          ),
        );
        for (const st of steps) if (st.error) s.out(`\n  ${st.nodeId}: ${st.error.code}: ${st.error.message}`);
        for (const a of approvals) {
          s.out(
            `\napproval ${a.id} (${a.nodeId}) ${a.status}${a.decidedBy ? ` by ${a.decidedBy} at ${when(a.decidedAt)}` : ''}${a.edited ? ' · payload edited' : ''}${a.comment ? ` · "${a.comment}"` : ''}`,
          );
          s.out(`  ${a.message}`);
          const call = callLines(a.decidedPayload ?? a.payload);
          if (call) for (const line of call) s.out(`  ${line}`);
          else s.out(`  payload: ${jsonBlock(a.decidedPayload ?? a.payload)}`);
        }
        if (run.output !== undefined) s.out(`\noutput: ${jsonBlock(run.output)}`);
        if (run.error) s.out(`\nerror: ${run.error.code}: ${run.error.message}`);
        if (events)
          for (const e of events) s.out(`${String(e.seq).padStart(5)} ${e.at} ${e.type} ${JSON.stringify(e)}`);
      } finally {
        s.runtime.close();
      }
    });
}
