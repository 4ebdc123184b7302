// Storage faults on real media and real files, through `waymark`: a file system that really
// runs out of space (a 16 MiB tmpfs mounted on a mkdtemp folder, root only), and database
// files that were truncated, zeroed or had bytes overwritten. Every command either answers
// from intact data exactly as before or exits 6 with one line naming the file; a refused
// database is left byte for byte as it was; nothing already saved is lost.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { cli, tempDir, type CliResult } from './helpers/cli';
import { chain, oneLine } from './helpers/cli-storage';
import { rng } from './helpers/rng';

const dir = tempDir('waymark-cli-media-');
const file = (name: string) => path.join(dir, name);
const write = (name: string, content: unknown) => {
  writeFileSync(file(name), typeof content === 'string' ? content : JSON.stringify(content));
  return file(name);
};
const small = write('small.waymark.json', chain(2));
const big = write('big.waymark.json', chain(20));
const blob = write('blob.json', { blob: 'x'.repeat(100_000) });
const note = write('note.json', { blob: 'a stored note '.repeat(40) });

/** Mount points this file made (each a mkdtemp folder), unmounted whatever happens. */
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m], { stdio: 'ignore' });
});

/** A tmpfs of `size` on a fresh mkdtemp folder, or undefined where mounting is not allowed. */
function smallFileSystem(size: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const at = tempDir('waymark-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', at], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(at);
  return at;
}

describe('a file system that runs out of space', () => {
  it('stops with exit 6 "the disk is full"; reads still work; once space is freed, resume finishes losing nothing', async (t) => {
    const fs = smallFileSystem('16m');
    if (!fs) return t.skip(); // not root, or no mount permission here
    // Someone else's file takes most of the space: room for a few of the twenty ~200 KB steps.
    const filler = path.join(fs, 'someone-elses.bin');
    writeFileSync(filler, Buffer.alloc(14_500_000, 1));
    const db = path.join(fs, 'runs.db');
    const r = await cli(['--db', db, 'run', big, '--input', blob, '--run-id', 'big']);
    expect(r.code, r.stderr).toBe(6);
    expect(oneLine(r)).toBe(
      `waymark: cannot write to ${db}: the disk is full; nothing already saved was lost; free space, then \`waymark resume big --db ${db}\``,
    );
    const store = new SqliteCheckpointStore({ path: db, create: false });
    const saved = store.getSteps('big').map((s) => [s.nodeId, s.status]);
    store.close();
    expect(saved.length).toBeGreaterThan(1);
    expect(saved.length).toBeLessThan(21);

    const runs = await cli(['--db', db, 'runs']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/^big\s+Big chain\s/m);

    rmSync(filler); // space freed
    const resumed = await cli(['--db', db, '--json', 'resume', 'big']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', output: 19 });
    const after = new SqliteCheckpointStore({ path: db, create: false });
    const steps = after.getSteps('big');
    after.close();
    expect(steps.map((s) => s.nodeId)).toEqual([
      'start',
      ...chain(20)
        .nodes.slice(1)
        .map((n) => n.id),
    ]);
    expect(steps.every((s) => s.status === 'completed')).toBe(true);
    // What was saved before the disk filled is still there, as it was (completed steps are not redone).
    for (const [nodeId, status] of saved.filter(([, s]) => s === 'completed'))
      expect(steps.find((s) => s.nodeId === nodeId)?.status).toBe(status);
  }, 120_000);
});

/** A database with three small completed runs, and what `runs` and `show r1` printed (--json). */
async function populated(name: string): Promise<{ db: string; listed: string; shown: string }> {
  const db = file(name);
  for (let i = 0; i < 3; i++)
    expect((await cli(['--db', db, 'run', small, '--input', note, '--run-id', `r${i}`])).code).toBe(0);
  const runs = await cli(['--db', db, '--json', 'runs']);
  const show = await cli(['--db', db, '--json', 'show', 'r1']);
  expect([runs.code, show.code]).toEqual([0, 0]);
  return { db, listed: runs.stdout, shown: show.stdout };
}

let base: { db: string; listed: string; shown: string };
beforeAll(async () => {
  base = await populated('base.db');
}, 120_000);

const COMMANDS = [['runs'], ['show', 'r1'], ['run', small], ['resume', 'r1'], ['audit', 'verify']];

describe('database files damaged on disk', () => {
  it('a truncated file is refused by every command, as damaged, and left as it is', { timeout: 120_000 }, async () => {
    const { db } = base;
    for (const keep of [0.5, 0.9]) {
      const cut = file(`truncated-${keep}.db`);
      copyFileSync(db, cut);
      const size = readFileSync(cut).length;
      truncateSync(cut, 4096 * Math.floor((size * keep) / 4096));
      const before = readFileSync(cut);
      for (const args of COMMANDS) {
        const r = await cli(['--db', cut, ...args]);
        expect(r.code, `${keep} ${args.join(' ')}: ${r.stderr}`).toBe(6);
        expect(oneLine(r)).toMatch(new RegExp(`^waymark: ${cut.replace(/[.\\/]/g, '\\$&')} is damaged \\(`));
      }
      expect(readFileSync(cut).equals(before)).toBe(true);
    }
  });

  it(
    'a zeroed file (all of it, or its first page) is refused, never re-initialised',
    { timeout: 120_000 },
    async () => {
      const { db } = base;
      const size = readFileSync(db).length;
      const whole = file('zeroed-whole.db');
      writeFileSync(whole, Buffer.alloc(size));
      const head = file('zeroed-head.db');
      const bytes = readFileSync(db);
      bytes.fill(0, 0, 4096);
      writeFileSync(head, bytes);
      for (const f of [whole, head]) {
        const before = readFileSync(f);
        for (const args of COMMANDS) {
          const r = await cli(['--db', f, ...args]);
          expect(r.code, `${f} ${args.join(' ')}: ${r.stderr}`).toBe(6);
          expect(oneLine(r)).toContain(`${f} is not a Waymark database (its header is zeroed`);
        }
        expect(readFileSync(f).equals(before)).toBe(true);
      }
    },
  );

  it('overwritten bytes anywhere: intact data reads as before, or exit 6; a refused file is never written', async () => {
    const { db, listed, shown } = base;
    const random = rng(7);
    const outcomes: Record<string, number> = {};
    const original = readFileSync(db);
    // Pages in use (not all zeros), past the first one (whose header the zeroed test covers).
    const used = Array.from({ length: original.length / 4096 }, (_, p) => p).filter(
      (p) => p > 0 && original.subarray(p * 4096, (p + 1) * 4096).some((b) => b !== 0),
    );
    for (let trial = 0; trial < 6; trial++) {
      const noisy = file(`noise-${trial}.db`);
      const bytes = Buffer.from(original);
      // 32 random bytes at a random place in a random page in use.
      const page = used[Math.floor(random() * used.length)] as number;
      const at = page * 4096 + Math.floor(random() * (4096 - 32));
      for (let i = 0; i < 32; i++) bytes[at + i] = Math.floor(random() * 256);
      writeFileSync(noisy, bytes);
      const runs = await cli(['--db', noisy, '--json', 'runs']);
      const show = await cli(['--db', noisy, '--json', 'show', 'r1']);
      const run = await cli(['--db', noisy, 'run', small]);
      for (const [what, r] of [
        ['runs', runs],
        ['show', show],
        ['run', run],
      ] as Array<[string, CliResult]>) {
        const where = `trial ${trial} (bytes ${at}…${at + 31}) ${what}: ${r.stderr}`;
        expect([0, 6], where).toContain(r.code);
        if (r.code === 6) oneLine(r);
        outcomes[`${what} ${r.code}`] = (outcomes[`${what} ${r.code}`] ?? 0) + 1;
      }
      // What is shown is what was stored, or nothing.
      if (runs.code === 0) expect(runs.stdout, `trial ${trial} runs`).toBe(listed);
      if (show.code === 0) expect(show.stdout, `trial ${trial} show`).toBe(shown);
      // A database a reader found damaged (not one bad record: the file) is never written to.
      if ([runs, show].some((r) => r.code === 6 && / is damaged \(/.test(r.stderr)))
        expect(run.code, `trial ${trial} run: ${run.stderr}`).toBe(6);
      if (run.code === 6) expect(readFileSync(noisy).equals(bytes), `trial ${trial}`).toBe(true);
    }
    // The damage was really met, not only in places nothing reads.
    const refused = Object.entries(outcomes).filter(([k]) => k.endsWith(' 6'));
    expect(refused.length, JSON.stringify(outcomes)).toBeGreaterThan(0);
  }, 240_000);
});
