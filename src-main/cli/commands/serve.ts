/**
 * `waymark serve`: the local web host, serving the built renderer and the API on
 * 127.0.0.1 with a per-launch token. The CLI's main.ts registers it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { closeOnSignals, launchWebApp, parsePort } from '../../host/launch';
import { defaultDataDir, findPackageRoot } from '../../host/paths';

/** commander wants InvalidArgumentError to print a clean usage error instead of a stack. */
function portOption(value: string): number {
  try {
    return parsePort(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

/** Adds `serve [--port N] [--data-dir DIR] [--open]` to the program. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Waymark editor on http://127.0.0.1 (a tokened URL is printed)')
    .option('--port <n>', 'port to listen on (0 = pick a free one)', portOption, 0)
    .option('--data-dir <dir>', 'where recent files and state are kept (default: $WAYMARK_DATA_DIR or ./.waymark)')
    .option('--open', 'open the editor in the default browser', false)
    .action(async (opts: { port: number; dataDir?: string; open: boolean }, cmd: Command) => {
      // The global --db: the editor then shares its runs and approvals with `waymark approve --db …`.
      const db = (cmd.optsWithGlobals() as { db?: string }).db;
      const root = findPackageRoot(path.dirname(fileURLToPath(import.meta.url))) ?? process.cwd();
      const host = await launchWebApp({
        root,
        port: opts.port,
        dataDir: opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(),
        open: opts.open,
        ...(db ? { dbPath: path.resolve(db) } : {}),
        log: (line) => process.stdout.write(`${line}\n`),
      });
      closeOnSignals(host);
    });
}
