/**
 * `npm run web` entry: `tsx src-main/host/start-web.ts [--port N] [--data-dir DIR] [--workspace DIR] [--open]`.
 * The same as `waymark serve`, runnable from source without building the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeOnSignals, launchWebApp, parsePort } from './launch';
import { defaultDataDir, findPackageRoot } from './paths';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    workspace: { type: 'string' },
    open: { type: 'boolean', default: false },
  },
});

try {
  const root = findPackageRoot(path.dirname(fileURLToPath(import.meta.url))) ?? process.cwd();
  const host = await launchWebApp({
    root,
    port: parsePort(values.port ?? '0'),
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
    open: values.open ?? false,
    ...(values.workspace ? { workspace: path.resolve(values.workspace) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  closeOnSignals(host);
} catch (e) {
  process.stderr.write(`waymark web: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
