/**
 * Starting the web app as a user command: shared by `waymark serve` (CLI) and
 * `npm run web` (start-web.ts), so both behave the same way.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Telemetry } from '../telemetry';
import { memorySecretStore } from './memory-secret-store';
import { createApiService } from './api-service';
import { appPaths } from './paths';
import { startWebHost, type WebHost } from './web-server';
import { createWorkspace } from './workspace';

export interface LaunchOptions {
  /** Waymark's package root (holds dist/renderer and resources/examples). */
  root: string;
  port: number;
  dataDir: string;
  /** Open the URL in the default browser. */
  open: boolean;
  /** Where messages go (stdout in the CLI). */
  log: (line: string) => void;
  /** The run database (`waymark --db`); default `$WAYMARK_DB`, else `<dataDir>/waymark.db`. */
  dbPath?: string;
  /** The only folder whose workflow files the browser may open and save; must exist. Default: the working directory. */
  workspace?: string;
  /** OpenTelemetry export of the runs this host executes; flushed and shut down when the host closes. */
  telemetry?: Telemetry;
  /** Environment variables that may be read as secrets, besides $WAYMARK_ALLOW_ENV (`--allow-env`). */
  allowEnv?: string[];
}

/** Opens `url` with the platform's opener; failures are reported, not fatal. */
export function openInBrowser(url: string, log: (line: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => log(`could not open a browser; open the URL above yourself`));
  child.unref();
}

/** Starts the host, prints the tokened URL, and returns the running host. */
export async function launchWebApp(opts: LaunchOptions): Promise<WebHost> {
  const paths = appPaths(opts.root);
  const workspace = path.resolve(opts.workspace ?? process.cwd());
  // The user's own mistake (a workspace that does not exist) is reported before the build's.
  createWorkspace(workspace);
  if (!existsSync(path.join(paths.rendererDir, 'index.html'))) {
    throw new Error(
      `the renderer is not built (${paths.rendererDir}/index.html is missing); run \`npm run build:renderer\` first`,
    );
  }
  await mkdir(opts.dataDir, { recursive: true });
  const service = createApiService({
    dataDir: opts.dataDir,
    workspace,
    examplesDir: paths.examplesDir,
    onInternalError: (method, e) =>
      opts.log(`internal error in ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    log: opts.log,
    // Secrets typed into the editor live in this process's memory; the environment supplies the rest.
    secretStore: memorySecretStore(),
    ...(opts.dbPath ? { dbPath: opts.dbPath } : {}),
    runs: {
      runtime: {
        ...(opts.telemetry ? { telemetry: opts.telemetry } : {}),
        ...(opts.allowEnv ? { allowEnv: opts.allowEnv } : {}),
      },
    },
  });
  let web: WebHost;
  try {
    web = await startWebHost({
      port: opts.port,
      host: '127.0.0.1',
      staticDir: paths.rendererDir,
      service,
      log: opts.log,
    });
  } catch (e) {
    service.close();
    await opts.telemetry?.shutdown();
    throw e;
  }
  // Closing the host closes the run database too; runs in flight stay resumable.
  const host: WebHost = {
    ...web,
    async close() {
      await web.close();
      service.close();
      await opts.telemetry?.shutdown();
    },
  };
  opts.log(`Waymark is running at ${host.url}`);
  const otel = opts.telemetry?.status();
  if (otel?.enabled) opts.log(`Runs are exported as OpenTelemetry traces to ${otel.url} (${otel.protocol})`);
  opts.log(`Workspace (the only folder the editor opens and saves in): ${workspace}`);
  opts.log('This URL carries a secret session token: do not share it. Press Ctrl+C to stop.');
  if (opts.open) openInBrowser(host.url, opts.log);
  return host;
}

/** Parses a port argument: an integer 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new Error(`invalid port ${JSON.stringify(value)}: use a number from 0 to 65535`);
  return n;
}

/** Closes the host on SIGINT/SIGTERM so the port is released cleanly. */
export function closeOnSignals(host: WebHost): void {
  const stop = (): void => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
