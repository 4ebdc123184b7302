/**
 * `waymark`: the headless command line. Same engine, same checkpoints, same policies as the
 * desktop app. Exit codes are in exit-codes.ts (and README.md).
 */
import { Command, CommanderError } from 'commander';
import { registerApprove } from './commands/approve';
import { registerCancel } from './commands/cancel';
import { registerCost } from './commands/cost';
import { registerFork } from './commands/fork';
import { registerPolicy } from './commands/policy';
import { registerAudit } from './commands/audit';
import { registerRun } from './commands/run';
import { registerRuns } from './commands/runs';
import { registerServeCommand } from './commands/serve';
import { registerOtel } from './commands/otel';
import { registerShow } from './commands/show';
import { registerSignal } from './commands/signal';
import { registerTimeouts } from './commands/timeouts';
import { registerValidate } from './commands/validate';
import { registerWorker } from './commands/worker';
import { EXIT } from './exit-codes';
import { describeFailure } from './failures';
import { closeTelemetry, current } from './session';

const program = new Command('waymark')
  .description('Design, run and govern AI-agent workflows. Runs are checkpointed to SQLite and resumable.')
  .version('0.1.0')
  .option('--db <path>', 'SQLite database for runs (default: $WAYMARK_DB or ./.waymark/waymark.db)')
  .option('--secrets-file <path>', 'secrets as JSON or KEY=VALUE lines (wins over environment variables)')
  .option(
    '--allow-env <names>',
    'environment variables that may be read as secrets, comma-separated (added to $WAYMARK_ALLOW_ENV); no other is read',
  )
  .option('--json', 'machine-readable output on stdout')
  .option('-q, --quiet', 'no progress lines')
  .option(
    '--otel-endpoint <url>',
    'export runs as OpenTelemetry traces to this OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT)',
  )
  .option('--otel-protocol <protocol>', 'http/protobuf (default) or http/json (OTEL_EXPORTER_OTLP_PROTOCOL)')
  .option('--otel-headers <list>', 'extra request headers as name=value,… (OTEL_EXPORTER_OTLP_HEADERS)')
  .option('--otel-capture-content', 'record prompts, replies and step outputs in spans, redacted (off by default)')
  .showHelpAfterError()
  .exitOverride();

registerValidate(program);
registerRun(program);
registerRuns(program);
registerShow(program);
registerApprove(program);
registerCancel(program);
registerFork(program);
registerPolicy(program);
registerTimeouts(program);
registerSignal(program);
registerServeCommand(program);
registerWorker(program);
registerAudit(program);
registerOtel(program);
registerCost(program);
program.addHelpText(
  'after',
  `
Exit codes: 0 completed/valid · 1 run failed · 2 invalid spec, input or usage · 3 waiting for approval
            4 no such run / approval already decided · 5 cancelled · 6 storage (disk full, read-only, damaged…)
            7 run driven by another process · 8 run id exists · 70 internal error · 130 interrupted (resumable)`,
);

// `waymark runs | head` closes stdout early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  } else {
    const f = describeFailure(e, current);
    for (const line of f.details ?? []) process.stderr.write(`${line}\n`);
    process.stderr.write(`waymark: ${f.message}\n`);
    process.exitCode = f.code;
  }
}
// Spans still queued go out before the process ends; a collector that is down costs at most
// the flush timeout, never the exit code. When spans were given up, a retry timer or a hung
// request may still be pending inside the exporter: end once stdout and stderr are written.
if (await closeTelemetry()) {
  const written = (s: NodeJS.WriteStream) => new Promise<void>((r) => s.write('', () => r()));
  await Promise.all([written(process.stdout), written(process.stderr)]);
  process.exit();
}
