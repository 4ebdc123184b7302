// Schema versioning: new databases get the latest schema, migrations are transactional and
// append-only, and a database from a newer Waymark is refused with both versions named.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  SchemaVersionError,
  migrate,
  schemaVersion,
} from '../src-main/storage/migrations';
import type { Migration } from '../src-main/storage/migrations';
import { openDatabase } from '../src-main/storage/open-database';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-migrate-'));
  file = path.join(dir, 'runs.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: ReturnType<typeof openDatabase>) =>
  db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();

describe('migrations', () => {
  it('numbers migrations 1..n with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('brings a fresh database to the latest version, once', () => {
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toEqual([
      'approvals',
      'audit_log',
      'events',
      'run_io',
      'runs',
      'spec_snapshots',
      'steps',
      'waits',
    ]);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    db.close();
  });

  it('the store migrates a new file on open', () => {
    new SqliteCheckpointStore({ path: file }).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database from a newer Waymark, naming both versions', () => {
    const db = openDatabase(file);
    migrate(db);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    db.close();
    const future = LATEST_SCHEMA_VERSION + 3;
    const open = () => new SqliteCheckpointStore({ path: file });
    expect(open).toThrow(SchemaVersionError);
    expect(open).toThrow(
      new RegExp(
        `schema version ${future}, but this version of Waymark supports up to version ${LATEST_SCHEMA_VERSION}`,
      ),
    );
    // Refusing must not touch the database.
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(future);
    again.close();
  });

  it('applies pending migrations in order and rolls back a failing one entirely', () => {
    const db = openDatabase(file);
    const steps: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER);' },
    ];
    expect(migrate(db, steps.slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(migrate(db, steps)).toEqual({ from: 1, to: 2 });
    expect(tables(db)).toEqual(['a', 'b']);

    const broken: Migration = {
      version: 3,
      name: 'broken',
      sql: 'CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);',
    };
    expect(() => migrate(db, [...steps, broken])).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
    db.close();
  });

  it('rejects a migration list with a gap', () => {
    const db = openDatabase(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/has version 2, expected 1/);
    db.close();
  });
});
