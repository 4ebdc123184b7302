// Connection settings every store relies on, and the native-binding override the Electron
// build uses to load a binary compiled for Electron's ABI.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV, openDatabase } from '../src-main/storage/open-database';

const require = createRequire(import.meta.url);
const realBinding = path.join(
  path.dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-open-'));
});
afterEach(() => {
  delete process.env[SQLITE_BINDING_ENV];
  rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('applies WAL, busy_timeout, foreign_keys and synchronous=NORMAL', () => {
    const db = openDatabase(path.join(dir, 'a.db'), { busyTimeoutMs: 1234 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('creates missing parent folders', () => {
    const db = openDatabase(path.join(dir, 'deep', 'er', 'a.db'));
    expect(db.open).toBe(true);
    db.close();
  });

  it('loads the binding given by option, and reports a bad one by path', () => {
    openDatabase(':memory:', { nativeBinding: realBinding }).close();
    const bogus = path.join(dir, 'electron-abi', 'better_sqlite3.node');
    expect(() => openDatabase(':memory:', { nativeBinding: bogus })).toThrow(`cannot load the SQLite binding ${bogus}`);
  });

  it(`falls back to ${SQLITE_BINDING_ENV}, which the option overrides`, () => {
    const bogus = path.join(dir, 'from-env.node');
    process.env[SQLITE_BINDING_ENV] = bogus;
    expect(() => openDatabase(':memory:')).toThrow(bogus);
    openDatabase(':memory:', { nativeBinding: realBinding }).close();
    process.env[SQLITE_BINDING_ENV] = realBinding;
    openDatabase(':memory:').close();
  });
});
