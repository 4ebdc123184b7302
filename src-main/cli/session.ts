/**
 * Per-command session: global options, the runtime (engine + store), the progress printer,
 * and reporting a run outcome as output plus an exit code.
 */
import type { Command } from 'commander';
import type { RunOutcome } from '../engine/contracts';
import { defaultDbPath, openRuntime, type Runtime } from '../host/runtime';
import { EXIT, type ExitCode } from './exit-codes';
import { cost, jsonBlock } from './format';
import { progressPrinter } from './printer';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  secretsFile?: string;
  quiet?: boolean;
}

export interface Session {
  runtime: Runtime;
  opts: GlobalOptions;
  out(text: string): void;
  err(text: string): void;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function openSession(cmd: Command, withProgress: boolean): Session {
  const opts = globalOptions(cmd);
  const err = (t: string) => process.stderr.write(`${t}\n`);
  const printer = withProgress && !opts.json && !opts.quiet ? progressPrinter(err) : undefined;
  const runtime = openRuntime({
    dbPath: opts.db ?? defaultDbPath(),
    ...(opts.secretsFile ? { secretsFile: opts.secretsFile } : {}),
    ...(printer ? { onEvent: (e) => printer.onEvent(e) } : {}),
  });
  return { runtime, opts, out: (t) => process.stdout.write(`${t}\n`), err };
}

export function exitCodeOf(o: RunOutcome): ExitCode {
  switch (o.status) {
    case 'completed':
      return EXIT.ok;
    case 'waiting':
    case 'paused':
      return EXIT.waiting;
    case 'failed':
      return EXIT.failed;
    case 'cancelled':
      return EXIT.cancelled;
    case 'running':
      return EXIT.internal;
    default: {
      const never: never = o.status;
      return never;
    }
  }
}

/** Prints a run outcome (result on stdout, hints on stderr) and returns the exit code. */
export function reportOutcome(s: Session, o: RunOutcome): ExitCode {
  if (s.opts.json) {
    s.out(JSON.stringify(o, null, 2));
    return exitCodeOf(o);
  }
  const spend = o.usage.llmCalls
    ? ` · ${o.usage.llmCalls} LLM call(s) · ${o.usage.inputTokens + o.usage.outputTokens} tokens · ${cost(o.usage.costUsd)}`
    : '';
  switch (o.status) {
    case 'completed':
      s.err(`■ completed${spend}`);
      s.out(jsonBlock(o.output));
      break;
    case 'waiting':
      s.err(`⏸ waiting for approval ${o.approvalId ?? ''}${spend}`);
      s.err(`  approve: waymark approve ${o.runId}${s.opts.db ? ` --db ${s.opts.db}` : ''}  (or --reject)`);
      break;
    case 'failed':
      s.err(`✗ failed: ${o.error?.message ?? 'unknown error'}${spend}`);
      s.err(`  details: waymark show ${o.runId}${s.opts.db ? ` --db ${s.opts.db}` : ''}`);
      break;
    default:
      s.err(`run ${o.runId} ${o.status}`);
  }
  return exitCodeOf(o);
}
