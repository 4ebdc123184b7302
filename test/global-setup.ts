// Builds the CLI bundle once before the suite, so CLI tests drive the real `waymark`
// binary built from the current sources (never a stale dist/).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
