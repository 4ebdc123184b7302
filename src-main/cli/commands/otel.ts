/**
 * `waymark otel test`: sends one test span with the telemetry configuration in force (the
 * OTEL_* variables and --otel-* options) and says whether the collector accepted it.
 */
import type { Command } from 'commander';
import { Telemetry, telemetryConfigFromEnv } from '../../telemetry';
import { EXIT } from '../exit-codes';
import { globalOptions, telemetryEnv } from '../session';

export function registerOtel(program: Command): void {
  const otel = program.command('otel').description('OpenTelemetry export of runs (see docs/observability.md)');
  otel
    .command('test')
    .description('send one test span to the configured OTLP endpoint and report whether it was accepted')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const err = (t: string) => process.stderr.write(`${t}\n`);
      const { config, problems } = telemetryConfigFromEnv(telemetryEnv(opts));
      for (const p of problems) err(`waymark: telemetry: ${p}`);
      const r = await new Telemetry({ ...config }, () => {}).sendTestSpan();
      if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (r.delivered) err(`✓ the collector at ${r.url} accepted a test span ("waymark test span")`);
      else err(`✗ ${r.url ? `the test span was not accepted by ${r.url}: ` : ''}${r.error}`);
      process.exitCode = r.delivered ? EXIT.ok : config.target ? EXIT.failed : EXIT.invalid;
    });
}
