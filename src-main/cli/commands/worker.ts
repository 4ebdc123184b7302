/**
 * `waymark worker`: a headless host for durable waits. It wakes due timers and timeouts (the
 * same waker as the web host and the desktop backend: a wait fires once by compare-and-set,
 * so several workers on one database wake each run exactly once), continues the runs whose
 * approvals or signals were decided elsewhere, and serves webhook waits at
 * `http://127.0.0.1:<port>/hooks/<token>`. Runs it drives hold a lease; waiting runs hold
 * nothing, so it can be stopped and started at any time.
 */
import { createServer } from 'node:http';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { isHookTarget, serveHook } from '../../host/hook-endpoint';
import { createEventHub } from '../../host/events';
import { parsePort } from '../../host/launch';
import { defaultDbPath } from '../../host/runtime';
import { parseRequestTarget } from '../../host/request-guard';
import { createRunsService } from '../../host/runs/service';
import { CliError, EXIT } from '../exit-codes';
import { globalOptions } from '../session';

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of milliseconds, 1 or more');
  return n;
}

function portOption(value: string): number {
  try {
    return parsePort(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('wake due timers and serve webhook waits, headless (several may share a database)')
    .option('--port <n>', 'port for webhook calls on 127.0.0.1 (0 = pick a free one)', portOption, 0)
    .option('--interval <ms>', 'how often due waits are looked for', positive, 1000)
    .option('--once', 'wake what is due now, wait for those runs to stop, and exit (no webhook server)')
    .action(async (o: { port: number; interval: number; once?: boolean }, cmd: Command) => {
      const globals = globalOptions(cmd);
      const dbPath = globals.db ?? defaultDbPath();
      const log = (line: string) => process.stderr.write(`waymark worker: ${line}\n`);
      // One line per wait this worker fires, and per run it drives to a stop: what it did, for operators.
      const hub = createEventHub();
      hub.subscribe((p) => {
        const e = 'event' in p ? p.event : undefined;
        if (e?.type === 'wait.fired') process.stdout.write(`woke ${e.runId} at ${e.nodeId} (${e.cause})\n`);
        if (e?.type === 'run.finished') process.stdout.write(`run ${e.runId} ${e.status}\n`);
      });
      let runs;
      try {
        runs = createRunsService({
          dbPath,
          hub,
          // --once sweeps by hand below (the service's own first sweep is shared with it).
          sweepIntervalMs: o.once ? 0 : o.interval,
          trigger: 'worker',
          runtime: {
            ownerLabel: 'waymark worker',
            ...(globals.secretsFile ? { secretsFile: globals.secretsFile } : {}),
          },
          log,
        });
      } catch (e) {
        throw new CliError(`worker: ${e instanceof Error ? e.message : String(e)}`, EXIT.storage);
      }
      const service = runs;
      if (o.once) {
        await service.sweep();
        await service.whenIdle();
        service.close();
        return;
      }
      const server = createServer((req, res) => {
        const target = parseRequestTarget(req.url);
        if (!target || !isHookTarget(target)) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          return void res.end(JSON.stringify({ error: 'not found: webhook waits are at /hooks/<token>' }));
        }
        serveHook(req, res, target, (call) => service.webhook(call)).catch((e: unknown) => {
          log(`webhook call failed: ${e instanceof Error ? e.message : String(e)}`);
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: 'internal error (logged by the worker)' }));
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(o.port, '127.0.0.1', () => resolve());
      }).catch((e: unknown) => {
        service.close();
        throw new CliError(
          `worker: cannot listen on port ${o.port}: ${e instanceof Error ? e.message : String(e)}`,
          EXIT.invalid,
        );
      });
      const address = server.address();
      const port = address && typeof address !== 'string' ? address.port : o.port;
      process.stdout.write(`waymark worker ready: webhooks at http://127.0.0.1:${port}/hooks/<token> (db ${dbPath})\n`);
      const stop = () => {
        server.close();
        server.closeAllConnections();
        void service.whenIdle().finally(() => {
          service.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<never>(() => undefined);
    });
}
