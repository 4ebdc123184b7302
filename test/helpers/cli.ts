// Runs the real `waymark` binary (bin/waymark.mjs → dist/cli/main.mjs) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'waymark.mjs');
export const EXAMPLES = path.join(ROOT, 'resources', 'examples');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'waymark-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** How to start the CLI. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Run under a file-size limit (RLIMIT_FSIZE, bytes rounded down to KiB): writes past it fail with EFBIG. */
  fileSizeLimit?: number;
  /** Run as this user and group id (needs root): the way to meet permission bits as root. */
  uid?: number;
}

export function startCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const argv = [BIN, ...args];
  const [cmd, cmdArgs] =
    opts.fileSizeLimit !== undefined
      ? [
          'bash',
          ['-c', `ulimit -f ${Math.floor(opts.fileSizeLimit / 1024)} && exec "$@"`, 'bash', process.execPath, ...argv],
        ]
      : [process.execPath, argv];
  const child = spawn(cmd, cmdArgs, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, WAYMARK_DB: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}
