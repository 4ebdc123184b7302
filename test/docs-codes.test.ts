// The documented codes are the real ones: every CLI exit code (src-main/cli/exit-codes.ts) is
// in docs/cli.md's table and README's CLI section, and every API error code
// (shared/api-errors.ts) is in docs/architecture.md's table — and nothing else is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, CLIENT_ERROR_CODES } from '../shared/api-errors';
import { EXIT } from '../src-main/cli/exit-codes';

const ROOT = path.resolve(__dirname, '..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
/** The text of a markdown section, from its heading to the next heading of the same level or higher. */
function section(text: string, heading: string): string {
  const start = text.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const rest = text.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}
const exitCodes = [...new Set(Object.values(EXIT))].sort((a, b) => a - b);

describe('documented codes', () => {
  it('docs/cli.md lists every exit code, once', () => {
    const table = section(read('docs/cli.md'), '## Exit codes');
    const rows = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows.sort((a, b) => a - b)).toEqual(exitCodes);
  });

  it("README's CLI section lists every exit code", () => {
    const line = /Exit codes:([\s\S]*?)Full reference/.exec(read('README.md'))?.[1] ?? '';
    const codes = [...line.matchAll(/\*\*(\d+)\*\*/g)].map((m) => Number(m[1]));
    expect(codes.sort((a, b) => a - b)).toEqual(exitCodes);
  });

  it('docs/architecture.md lists every API error code, once, and the client-only ones', () => {
    const text = section(read('docs/architecture.md'), '### API error codes');
    const rows = [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...API_ERROR_CODES].sort());
    for (const c of CLIENT_ERROR_CODES) expect(text).toContain(`\`${c}\``);
  });
});
