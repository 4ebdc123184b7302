#!/usr/bin/env node
// The `waymark` command. Runs the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/main.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'waymark: the CLI is not built yet; run `npm install` (or `npm run build`) in the repository first\n',
  );
  process.exit(70);
}
await import(pathToFileURL(cli).href);
