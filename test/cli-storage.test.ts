// Storage faults as a user meets them through `waymark`: a full disk (a real file-size limit
// on the child process), a read-only database (permission bits, met as an unprivileged user;
// an immutable file where the file system supports it), an empty, foreign, damaged or newer
// database, a stored output altered on disk, and a typo in --db. Each gives exit code 6 and
// one line naming the file and what to do; nothing saved is lost.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { cli, tempDir } from './helpers/cli';
import { chain, oneLine } from './helpers/cli-storage';

const dir = tempDir('waymark-cli-storage-');
chmodSync(dir, 0o755); // readable by the unprivileged user of the read-only tests
const file = (name: string) => path.join(dir, name);
const write = (name: string, content: unknown) => {
  writeFileSync(file(name), typeof content === 'string' ? content : JSON.stringify(content));
  return file(name);
};
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

const small = write('small.waymark.json', chain(2));
const blob = write('blob.json', { blob: 'x'.repeat(100_000) });

afterAll(() => {
  if (asRoot) for (const f of ['immutable.db']) if (existsSync(file(f))) execFileSync('chattr', ['-i', file(f)]);
});

describe('a full disk', () => {
  it('stops with exit 6 naming the file; after freeing space, resume finishes with nothing lost', async () => {
    const db = file('full.db');
    const spec = write('big.waymark.json', chain(20));
    // Room for the new database and a few steps of ~200 KB each, not for twenty.
    const r = await cli(['--db', db, 'run', spec, '--input', blob, '--run-id', 'big'], { fileSizeLimit: 1_500_000 });
    expect(r.code).toBe(6);
    expect(oneLine(r)).toBe(
      `waymark: cannot write to ${db}: a write failed (the disk may be full, a file size limit reached, or the disk failing); nothing already saved was lost; free space, then \`waymark resume big --db ${db}\``,
    );
    const store = new SqliteCheckpointStore({ path: db });
    const done = store.getSteps('big').length;
    store.close();
    expect(done).toBeGreaterThan(1);
    expect(done).toBeLessThan(20);

    const resumed = await cli(['--db', db, '--json', 'resume', 'big']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', output: 19 });
    const after = new SqliteCheckpointStore({ path: db });
    expect(after.getSteps('big').map((s) => s.nodeId)).toEqual([
      'start',
      ...chain(20)
        .nodes.slice(1)
        .map((n) => n.id),
    ]);
    after.close();
  }, 60_000);
});

describe('a read-only database', () => {
  it.runIf(asRoot)('reads as an unprivileged user who may not write it; writing commands say why', async () => {
    const ro = tempDir('waymark-ro-');
    const db = path.join(ro, 'runs.db');
    expect((await cli(['--db', db, 'run', small, '--run-id', 'r1'])).code).toBe(0);
    chmodSync(db, 0o444);
    chmodSync(ro, 0o555); // no -wal/-shm can be created next to it either
    const runs = await cli(['--db', db, 'runs'], { uid: NOBODY });
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/r1\s+Big chain\s+completed/);
    expect(runs.stderr).toContain(`warning: ${db} cannot be written (permission denied)`);
    const show = await cli(['--db', db, 'show', 'r1'], { uid: NOBODY });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('output: 1');

    const run = await cli(['--db', db, 'run', small], { uid: NOBODY });
    expect(run.code).toBe(6);
    expect(oneLine(run)).toBe(
      `waymark: ${db} cannot be written (permission denied); \`waymark runs\`, \`show\` and \`audit\` can still read it; to run or change runs, make it writable, or copy it and use --db <copy>`,
    );
    const resume = await cli(['--db', db, 'resume', 'r1'], { uid: NOBODY });
    expect(resume.code).toBe(6);
    expect(oneLine(resume)).toContain('cannot be written');
  });

  it.runIf(asRoot)('an immutable file refuses even root, with the same clear words', async (t) => {
    const db = file('immutable.db');
    expect((await cli(['--db', db, 'run', small, '--run-id', 'r1'])).code).toBe(0);
    try {
      execFileSync('chattr', ['+i', db], { stdio: 'ignore' });
    } catch {
      t.skip(); // a file system without immutable files
    }
    const runs = await cli(['--db', db, 'runs']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stderr).toContain(`${db} cannot be written (the file is immutable)`);
    const run = await cli(['--db', db, 'run', small]);
    expect(run.code).toBe(6);
    expect(oneLine(run)).toContain(`${db} cannot be written (the file is immutable)`);
    execFileSync('chattr', ['-i', db]);
  });
});

describe('files that are not usable Waymark databases', () => {
  it('an empty (0-byte) file is refused by every command and left as it is', async () => {
    const db = write('empty.db', '');
    for (const args of [['runs'], ['show', 'x'], ['run', small], ['audit', 'verify']]) {
      const r = await cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(6);
      expect(oneLine(r)).toContain(`${db} is empty (0 bytes), not a Waymark database`);
    }
    expect(statSync(db).size).toBe(0);
  });

  it("someone else's SQLite database is refused, untouched", async () => {
    const db = file('other.db');
    const other = new Database(db);
    other.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (1)');
    other.close();
    const before = readFileSync(db);
    const r = await cli(['--db', db, 'run', small]);
    expect(r.code).toBe(6);
    expect(oneLine(r)).toContain('is not a Waymark database (it is another SQLite database, with tables contacts)');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a database from a newer Waymark is a storage error, not an internal one', async () => {
    const db = file('newer.db');
    expect((await cli(['--db', db, 'run', small])).code).toBe(0);
    const raw = new Database(db);
    raw.pragma('user_version = 99');
    raw.close();
    const r = await cli(['--db', db, 'runs']);
    expect(r.code).toBe(6);
    expect(oneLine(r)).toMatch(
      /has schema version 99, but this version of Waymark supports up to version \d+; .*upgrade Waymark/,
    );
  });

  it('a damaged database is never written to', async () => {
    const db = file('damaged.db');
    for (let i = 0; i < 6; i++) expect((await cli(['--db', db, 'run', small, '--input', blob])).code).toBe(0);
    const bytes = readFileSync(db);
    const mid = 4096 * Math.floor(bytes.length / 4096 / 2);
    bytes.fill(0xff, mid, mid + 600);
    writeFileSync(db, bytes);
    const r = await cli(['--db', db, 'run', small]);
    expect(r.code).toBe(6);
    expect(oneLine(r)).toMatch(
      /is damaged \(quick_check: .*\); Waymark will not write to it; .*restore it from a backup/,
    );
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it('a stored output changed on disk is reported, not shown', async () => {
    const db = file('flipped.db');
    const spec = write('marker.waymark.json', {
      ...chain(1),
      nodes: [
        { id: 'start', type: 'start', name: 'Start' },
        { id: 't0', type: 'transform', name: 'Note', config: { expression: '{ "note": "PAY-ALICE-100" }' } },
        { id: 'end', type: 'end', name: 'End', config: { output: 'nodes.t0' } },
      ],
    });
    expect((await cli(['--db', db, 'run', spec, '--run-id', 'm1'])).code).toBe(0);
    const bytes = readFileSync(db);
    const marker = Buffer.from('PAY-ALICE-100');
    for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1))
      bytes[at + 10] = '9'.charCodeAt(0);
    writeFileSync(db, bytes);
    const r = await cli(['--db', db, 'show', 'm1']);
    expect(r.code).toBe(6);
    expect(r.stdout).not.toContain('PAY-ALICE-900');
    expect(oneLine(r)).toMatch(/in .*flipped\.db does not match its checksum: the stored data was changed or damaged/);
  });

  it('reading commands on a missing --db say so and create nothing', async () => {
    const db = file('typo/runs.db');
    for (const args of [['runs'], ['show', 'r1'], ['audit', 'verify'], ['resume', 'r1'], ['approve', 'r1']]) {
      const r = await cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(6);
      expect(oneLine(r)).toBe(
        `waymark: there is no Waymark database at ${db} (nothing was created); check --db or $WAYMARK_DB; \`waymark run\` creates a new database`,
      );
    }
    expect(existsSync(path.dirname(db))).toBe(false);
  });
});

describe('other failures, each with its own code and one line', () => {
  it('a reused --run-id exits 8 and says how to continue that run', async () => {
    const db = file('dup.db');
    expect((await cli(['--db', db, 'run', small, '--run-id', 'd1'])).code).toBe(0);
    const r = await cli(['--db', db, 'run', small, '--run-id', 'd1']);
    expect(r.code).toBe(8);
    expect(oneLine(r)).toBe(
      `waymark: run d1 already exists in ${db}; choose another --run-id, or continue it with \`waymark resume d1 --db ${db}\``,
    );
  });

  it('a malformed --secrets-file exits 2 naming the file and line, never its content', async () => {
    const secrets = write('secrets.env', 'GOOD=1\nthis line has no equals sign and a s3cr3t\n');
    const r = await cli(['--db', file('s.db'), '--secrets-file', secrets, 'run', small]);
    expect(r.code).toBe(2);
    const line = oneLine(r);
    expect(line).toMatch(new RegExp(`^waymark: --secrets-file ${secrets.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: `));
    expect(line).not.toContain('s3cr3t');
    expect(existsSync(file('s.db'))).toBe(false); // refused before the database was created
  });

  it('a malformed 0.x spec is a validation problem, not a crash', async () => {
    const old = write('old.json', {
      version: '0.4',
      id: 'x',
      name: 'X',
      nodes: { s: { type: 'start' } },
      edges: { a: 1 },
    });
    const v = await cli(['validate', old]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('In a version 0.x spec, "edges" must be a list of { "from", "to", "on" }.');
    expect(v.stderr).not.toMatch(/\n\s+at /);
    const r = await cli(['--db', file('old/old.db'), 'run', old]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('nothing was run');
    expect(existsSync(file('old'))).toBe(false); // refused before the database (or its folder) was created
  });
});
