// Storage that fails loudly and loses nothing: every way a database file can be wrong is
// refused with a StorageError that names the file and says what to do, and the file is left
// exactly as it was. (The CLI's exit codes and messages for the same faults are tested
// end to end in cli-storage.test.ts.)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, SchemaVersionError } from '../src-main/storage/migrations';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { StorageError } from '../src-main/storage/storage-errors';
import { EventClock, T0, makeRun, makeStep, usage } from './conformance/fixtures';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-faults-'));
  file = path.join(dir, 'runs.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The StorageError `fn` throws (failing the test if it throws anything else). */
function storageError(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StorageError) return e;
    throw e;
  }
  throw new Error('expected a StorageError');
}

/** A database with one completed run whose output carries `marker`. */
function seeded(marker = 'MARKER-OUTPUT-31337'): void {
  const store = new SqliteCheckpointStore({ path: file });
  const clock = new EventClock('r1');
  store.createRun(makeRun('r1'), [clock.runStarted()]);
  store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], {
    durable: false,
    now: T0,
  });
  const done = makeStep('r1', 0, { status: 'completed', output: { note: marker }, port: 'next' });
  store.commit('r1', { kind: 'step.complete', step: done }, [clock.stepCompleted(0, { note: marker })], {
    durable: false,
    now: T0 + 1,
  });
  store.commit(
    'r1',
    { kind: 'run.status', status: 'completed', usage: usage(0), output: { note: marker }, endedAt: T0 + 2 },
    [clock.runFinished('completed')],
    { durable: true, now: T0 + 2 },
  );
  store.close(); // checkpoints the WAL: every byte is in the main file
}

const open = (o: Partial<ConstructorParameters<typeof SqliteCheckpointStore>[0]> = {}) =>
  new SqliteCheckpointStore({ path: file, ...o });

describe('files that are not (or no longer) Waymark databases', () => {
  it('refuses an empty (0-byte) file and never re-initialises it', () => {
    writeFileSync(file, '');
    const e = storageError(() => open());
    expect(e.problem).toBe('empty');
    expect(e.message).toBe(
      `${file} is empty (0 bytes), not a Waymark database — it may have been truncated; restore it from a backup; to start afresh, delete it (Waymark never overwrites an existing file)`,
    );
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a zeroed file, a text file, and other applications’ SQLite databases, untouched', () => {
    writeFileSync(file, Buffer.alloc(8192));
    expect(storageError(() => open()).message).toMatch(/not a Waymark database \(its header is zeroed/);
    writeFileSync(file, 'name,amount\nx,1\n');
    expect(storageError(() => open()).message).toMatch(/not a Waymark database \(it is not a SQLite file\)/);

    rmSync(file);
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id TEXT); INSERT INTO invoices VALUES (1)');
    other.close();
    const before = readFileSync(file);
    const e = storageError(() => open());
    expect(e.problem).toBe('not-waymark');
    expect(e.message).toContain('it is another SQLite database, with tables invoices');
    expect(readFileSync(file).equals(before)).toBe(true);

    rmSync(file);
    const tagged = new Database(file);
    tagged.pragma('application_id = 1234');
    tagged.exec('CREATE TABLE runs (id TEXT)');
    tagged.close();
    expect(storageError(() => open()).message).toContain('another application (application id 0x4d2)');

    rmSync(file);
    const blank = new Database(file);
    blank.pragma('journal_mode = WAL'); // writes the header: a SQLite database with nothing in it
    blank.close();
    expect(storageError(() => open()).message).toContain('(it is an empty SQLite database)');
  });

  it('reads the schema version of a newer Waymark as a StorageError with both versions', () => {
    seeded();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const e = storageError(() => open());
    expect(e).toBeInstanceOf(SchemaVersionError);
    expect(e.problem).toBe('newer-schema');
    expect(e.message).toContain(
      `schema version ${LATEST_SCHEMA_VERSION + 1}, but this version of Waymark supports up to version ${LATEST_SCHEMA_VERSION}`,
    );
    expect(e.message).toContain('upgrade Waymark');
  });

  it('says a missing database is missing when asked not to create one, creating nothing', () => {
    const where = path.join(dir, 'typo', 'runs.db');
    const e = storageError(() => new SqliteCheckpointStore({ path: where, create: false }));
    expect(e.problem).toBe('missing');
    expect(e.message).toContain(`there is no Waymark database at ${where} (nothing was created)`);
    expect(existsSync(path.dirname(where))).toBe(false);
  });
});

describe('damage', () => {
  /** Overwrites one b-tree page in the middle of the file with garbage. */
  function damagePage(): void {
    const store = open();
    for (let i = 0; i < 300; i++) {
      const c = new EventClock(`bulk-${i}`);
      store.createRun(makeRun(`bulk-${i}`, { input: { text: 'x'.repeat(400) } }), [c.runStarted()]);
    }
    store.close();
    const bytes = readFileSync(file);
    const pages = bytes.length / 4096;
    bytes.fill(0xff, 4096 * Math.floor(pages / 2), 4096 * Math.floor(pages / 2) + 600);
    writeFileSync(file, bytes);
  }

  it('finds damage at open and refuses to write, with what to do', () => {
    damagePage();
    const e = storageError(() => open());
    expect(e.problem).toBe('corrupt');
    expect(e.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(quick_check: `),
    );
    expect(e.message).toContain('Waymark will not write to it');
    expect(e.message).toContain('restore it from a backup');
  });

  it('lets readers open a damaged database read-only, with a warning, refusing every write', () => {
    damagePage();
    const store = open({ allowReadOnly: true, create: false });
    expect(store.readOnly?.problem).toBe('corrupt');
    expect(store.warnings[0]).toMatch(/is damaged/);
    const w = storageError(() => store.createRun(makeRun('new'), []));
    expect(w.problem).toBe('corrupt');
    store.close();
  });

  it('reports a flipped printable byte in a stored output instead of showing it', () => {
    seeded('MARKER-OUTPUT-31337');
    const bytes = readFileSync(file);
    const marker = Buffer.from('MARKER-OUTPUT-31337');
    let flips = 0;
    for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
      bytes[at + 7] = 'X'.charCodeAt(0); // "MARKER-XUTPUT…": still valid JSON, different text
      flips++;
    }
    expect(flips).toBeGreaterThanOrEqual(3); // the step record, the event, the run output
    writeFileSync(file, bytes);
    const store = open();
    const steps = storageError(() => store.getSteps('r1'));
    expect(steps.problem).toBe('checksum');
    expect(steps.message).toBe(
      `run r1 step 0 (node "n0") in ${file} does not match its checksum: the stored data was changed or damaged; Waymark will not show or resume from it; restore the database from a backup`,
    );
    expect(storageError(() => store.getRun('r1')).message).toContain('the output of run r1');
    expect(storageError(() => store.getEvents('r1')).message).toContain('event #2 of run r1');
    expect(storageError(() => store.listRuns()).problem).toBe('checksum');
    store.close();
  });

  it('detects an edited approval row and spec snapshot', () => {
    seeded();
    const db = new Database(file);
    db.prepare("UPDATE spec_snapshots SET json = replace(json, 'Approve refunds', 'Approve refundz')").run();
    db.close();
    const store = open();
    expect(storageError(() => store.getRun('r1')).message).toContain('the spec snapshot of run r1');
    store.close();
  });
});

describe('writes that fail', () => {
  it('maps a full disk to a StorageError naming the file; what was saved stays, and writing resumes once there is room', () => {
    seeded();
    const store = open();
    const pages = Number(store.db.pragma('page_count', { simple: true }));
    store.db.pragma(`max_page_count = ${pages}`); // SQLite answers exactly as on a full disk
    const clock = new EventClock('big', 0);
    const e = storageError(() =>
      store.createRun(makeRun('big', { input: { blob: 'y'.repeat(200_000) } }), [clock.runStarted()]),
    );
    expect(e.problem).toBe('full');
    expect(e.message).toBe(
      `cannot write to ${file}: the disk is full; nothing already saved was lost; free space, then resume`,
    );
    expect(e.resumable).toBe(true);
    expect(store.getRun('big')).toBeUndefined();
    expect(store.getRun('r1')?.status).toBe('completed');
    store.db.pragma('max_page_count = 1073741823');
    store.createRun(makeRun('big', { input: { blob: 'y'.repeat(200_000) } }), [new EventClock('big').runStarted()]);
    expect(store.getRun('big')?.status).toBe('running');
    store.close();
  });

  it('creates a new database atomically even when several processes race to create it', async () => {
    const racer = path.resolve(__dirname, 'fixtures', 'storage-create-racer.ts');
    const codes = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', racer, file], {
              cwd: path.resolve(__dirname, '..'),
              stdio: ['ignore', 'ignore', 'inherit'],
            });
            child.on('close', resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const store = open();
    expect(store.listRuns()).toHaveLength(4);
    store.close();
  }, 60_000);
});
