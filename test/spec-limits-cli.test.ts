// Oversized and over-deep specs and inputs through the real CLI: a clear problem naming the
// limit and where, exit 2 (invalid), never a stack trace or an internal error.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/cli';

const dir = tempDir();
const db = path.join(dir, 'runs.db');
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

function chain(n: number): Record<string, unknown> {
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  return {
    specVersion: 1,
    id: 'big',
    name: 'Big',
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      ...ids.map((id) => ({ id, type: 'transform', name: id, config: { expression: 'prev' } })),
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: ['start', ...ids].map((id, i) => ({ id: `e${i}`, source: id, target: ids[i] ?? 'end' })),
  };
}
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const noTrace = (s: string) => expect(s).not.toMatch(/internal error|\n\s+at /);

describe('spec and input limits (CLI)', () => {
  it('a 100,000-step spec: validate and run exit 2 naming the size limit', async () => {
    const big = file('big.json', JSON.stringify(chain(100_000)));
    for (const args of [
      ['validate', big],
      ['run', big, '--db', db],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/[Tt]he spec is too large: 1\d\.\d MB of text; the limit is 10 MB/);
      noTrace(r.stdout + r.stderr);
    }
  });

  it('a spec with 6,000 steps under the size limit: exit 2 naming the step limit', async () => {
    const r = await cli(['validate', file('many.json', JSON.stringify(chain(6000)))]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/The spec has too many steps: 6,002; the limit is 5,000\. .*\[\$\.nodes\]/);
  });

  it('5,000 levels of nesting: validate and run exit 2 naming the depth limit and the line', async () => {
    const spec = JSON.stringify(chain(1));
    const deep = file('deep.json', `${spec.slice(0, -1)},"x":${nested(5000)}}`);
    for (const args of [
      ['validate', deep],
      ['run', deep, '--db', db],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(
        /nested too deeply: more than 64 levels of objects and arrays at line 1, column \d+/,
      );
      noTrace(r.stdout + r.stderr);
    }
  });

  it('a run input nested 5,000 levels deep: exit 2 naming where', async () => {
    const r = await cli([
      'run',
      file('ok.json', JSON.stringify(chain(1))),
      '--input',
      file('deep-input.json', nested(5000)),
      '--db',
      db,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'the run input is nested too deeply: more than 256 levels of objects and arrays at $input.a.a',
    );
    noTrace(r.stderr);
  });
});
