// The SQLite store passes the shared conformance suite, on a real file (WAL needs one) that
// is reopened to prove the data is on disk, not in the connection.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { describeCheckpointStore } from './conformance/checkpoint-store';

describeCheckpointStore('sqlite', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-store-'));
  const file = path.join(dir, 'runs.db');
  return {
    store: new SqliteCheckpointStore({ path: file }),
    reopen: () => new SqliteCheckpointStore({ path: file }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeCheckpointStore('sqlite (durability: full)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-store-'));
  const file = path.join(dir, 'runs.db');
  return {
    store: new SqliteCheckpointStore({ path: file, durability: 'full' }),
    reopen: () => new SqliteCheckpointStore({ path: file, durability: 'full' }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
