/**
 * `waymark serve`: the local web host, serving the built renderer and the API on
 * 127.0.0.1 with a per-launch token. The CLI's main.ts registers it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { closeOnSignals, launchWebApp, parsePort } from '../../host/launch';
import { CliError, EXIT } from '../exit-codes';
import { defaultDataDir, findPackageRoot } from '../../host/paths';
import { telemetryFromEnv } from '../../telemetry';
import { globalOptions, telemetryEnv } from '../session';
import { parseAllowlist } from '../../connectors/secrets';

/** commander wants InvalidArgumentError to print a clean usage error instead of a stack. */
function portOption(value: string): number {
  try {
    return parsePort(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

/** Adds `serve [--port N] [--data-dir DIR] [--workspace DIR] [--open]` to the program. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Waymark editor on http://127.0.0.1 (a tokened URL is printed)')
    .option('--port <n>', 'port to listen on (0 = pick a free one)', portOption, 0)
    .option('--data-dir <dir>', 'where recent files and state are kept (default: $WAYMARK_DATA_DIR or ./.waymark)')
    .option(
      '--workspace <dir>',
      'the only folder whose workflow files the editor may open and save (default: the working directory)',
    )
    .option('--open', 'open the editor in the default browser', false)
    .action(async (opts: { port: number; dataDir?: string; workspace?: string; open: boolean }, cmd: Command) => {
      // The global --db: the editor then shares its runs and approvals with `waymark approve --db …`.
      const globals = globalOptions(cmd);
      const db = globals.db;
      const log = (line: string) => process.stdout.write(`${line}\n`);
      // The host's own telemetry (the CLI's per-command one ends with the command; this one with the host).
      const telemetry = telemetryFromEnv(telemetryEnv(globals), log);
      const root = findPackageRoot(path.dirname(fileURLToPath(import.meta.url))) ?? process.cwd();
      let host;
      try {
        host = await launchWebApp({
          root,
          port: opts.port,
          dataDir: opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(),
          open: opts.open,
          ...(db ? { dbPath: path.resolve(db) } : {}),
          ...(opts.workspace ? { workspace: path.resolve(opts.workspace) } : {}),
          ...(telemetry ? { telemetry } : {}),
          allowEnv: parseAllowlist(globals.allowEnv, '--allow-env'),
          log,
        });
      } catch (e) {
        // A missing workspace or renderer build, a port in use: say which, not a stack trace.
        throw new CliError(`serve: ${e instanceof Error ? e.message : String(e)}`, EXIT.invalid);
      }
      closeOnSignals(host);
    });
}
